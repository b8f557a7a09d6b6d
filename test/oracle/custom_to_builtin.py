#!/usr/bin/env python3
"""Rewrites MediaPipe's CUSTOM "Convolution2DTransposeBias" ops as builtin TRANSPOSE_CONV.

Usage: custom_to_builtin.py [--schema FBS] [--flatc FLATC] IN.tflite OUT.tflite

The TFLite oracle (tflite_oracle.js) cannot load MediaPipe's custom op. Its float semantics
are those of TRANSPOSE_CONV with a bias, so every such op is rewritten to:

  * builtin TRANSPOSE_CONV (OperatorCode version 3, deprecated_builtin_code 67);
  * inputs (output_shape, weights, input, bias), where output_shape is a new int32 [4]
    constant tensor (with a buffer of its own) holding the op's output tensor shape;
  * TransposeConvOptions from the custom options (12 bytes: little-endian int32 padding
    (TfLitePadding: 1 = SAME, 2 = VALID), stride_width, stride_height);
  * custom_options removed. OperatorCodes no longer used are dropped.

Everything else is carried over by a round trip through flatc's JSON form (standard library
and flatc only). Two flatc limitations are guarded against:

  * flatc writes floats in JSON with 6 significant digits, so the float fields of the schema
    (QuantizationParameters min/max/scale, SoftmaxOptions beta) are read exactly from the
    binary and written back into the JSON;
  * flatc silently drops fields the schema does not declare (mnetc's schema leaves the option
    tables of ops it does not read empty), so the binary is checked first, and the rewrite is
    refused if any table carries a field the schema would lose (pass --schema with the full
    upstream TFLite schema for such models).

Exit status 0 on success (also when the model has no op to rewrite), 1 with a message on
stderr on any failure.
"""

import argparse
import json
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

PROG = "custom_to_builtin"
CUSTOM_CODE = "Convolution2DTransposeBias"
TRANSPOSE_CONV_CODE = 67
TRANSPOSE_CONV_VERSION = 3
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "..", "compiler", "import", "tflite_schema.fbs")


class RewriteError(Exception):
    pass


# ------------------------------------------------------------------------------------------
# Schema: table layouts (vtable slot counts) and union member order, parsed from the .fbs.


class Schema:
    def __init__(self, path):
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
        except OSError as e:
            raise RewriteError(f"cannot read schema '{path}': {e}")
        text = re.sub(r"//[^\n]*", "", text)
        text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        self.unions = {}
        for m in re.finditer(r"\bunion\s+(\w+)\s*\{([^}]*)\}", text):
            self.unions[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
        self.tables = {}
        for m in re.finditer(r"\btable\s+(\w+)\s*\{([^}]*)\}", text):
            fields = []
            for fm in re.finditer(r"(\w+)\s*:\s*([\w\.\[\]]+)", m.group(2)):
                fields.append((fm.group(1), fm.group(2)))
            self.tables[m.group(1)] = fields
        for need in ("Model", "SubGraph", "Tensor", "Operator", "OperatorCode", "Buffer"):
            if need not in self.tables:
                raise RewriteError(f"schema '{path}' has no table {need}")
        if "BuiltinOptions" not in self.unions:
            raise RewriteError(f"schema '{path}' has no union BuiltinOptions")

    def slots(self, table):
        """Number of vtable slots the schema declares for `table` (a union field takes two)."""
        n = 0
        for _, ty in self.tables[table]:
            n += 2 if ty.split(".")[-1] in self.unions else 1
        return n

    def slot(self, table, field):
        """vtable slot of `field` (for a union field: the slot of its value; type is one less)."""
        n = 0
        for name, ty in self.tables[table]:
            n += 2 if ty.split(".")[-1] in self.unions else 1
            if name == field:
                return n - 1
        raise RewriteError(f"schema has no field {table}.{field}")

    def builtin_options_table(self, type_id):
        members = self.unions["BuiltinOptions"]
        if 1 <= type_id <= len(members):
            return members[type_id - 1]
        return None


# ------------------------------------------------------------------------------------------
# Minimal read-only flatbuffer access (little-endian, bounds-checked).


class Reader:
    def __init__(self, buf):
        self.b = buf

    def _unpack(self, fmt, off):
        size = struct.calcsize(fmt)
        if off < 0 or off + size > len(self.b):
            raise RewriteError(f"malformed flatbuffer: read of {size} bytes at {off} is out of "
                               f"bounds ({len(self.b)} bytes)")
        return struct.unpack_from(fmt, self.b, off)[0]

    def u32(self, off):
        return self._unpack("<I", off)

    def root(self):
        return self.u32(0)

    def vtable(self, tab):
        vt = tab - self._unpack("<i", tab)
        vsize = self._unpack("<H", vt)
        if vsize < 4 or vsize % 2:
            raise RewriteError(f"malformed flatbuffer: vtable size {vsize} at {vt}")
        return [self._unpack("<H", vt + 4 + 2 * i) for i in range((vsize - 4) // 2)]

    def field(self, tab, slot):
        vt = self.vtable(tab)
        return vt[slot] if slot < len(vt) else 0

    def scalar(self, tab, slot, fmt, default):
        o = self.field(tab, slot)
        return self._unpack(fmt, tab + o) if o else default

    def table(self, tab, slot):
        o = self.field(tab, slot)
        if not o:
            return None
        p = tab + o
        return p + self.u32(p)

    def vector(self, tab, slot):
        """(start, length) of a vector field, or None."""
        o = self.field(tab, slot)
        if not o:
            return None
        p = tab + o
        v = p + self.u32(p)
        return v + 4, self.u32(v)

    def tables(self, tab, slot):
        vec = self.vector(tab, slot)
        if vec is None:
            return []
        start, n = vec
        return [start + 4 * i + self.u32(start + 4 * i) for i in range(n)]

    def floats(self, tab, slot):
        vec = self.vector(tab, slot)
        if vec is None:
            return None
        start, n = vec
        return [self._unpack("<f", start + 4 * i) for i in range(n)]


def inspect_binary(data, schema):
    """Checks that no table field would be lost in flatc's JSON, and returns the exact values of
    the float fields flatc would round: {("quant", sg, t): {min/max/scale: [...]},
    ("beta", sg, op): float}."""
    r = Reader(data)
    exact = {}
    lost = []

    def check(tab, table, where):
        vt = r.vtable(tab)
        n = schema.slots(table)
        extra = [i for i in range(n, len(vt)) if vt[i]]
        if extra:
            lost.append(f"{where} ({table}) has field slot(s) {extra} unknown to the schema")

    model = r.root()
    check(model, "Model", "model")
    s_model = lambda f: schema.slot("Model", f)
    for i, oc in enumerate(r.tables(model, s_model("operator_codes"))):
        check(oc, "OperatorCode", f"operator_codes[{i}]")
    for i, b in enumerate(r.tables(model, s_model("buffers"))):
        check(b, "Buffer", f"buffers[{i}]")
        if (r.scalar(b, schema.slot("Buffer", "offset"), "<Q", 0) or
                r.scalar(b, schema.slot("Buffer", "size"), "<Q", 0)):
            raise RewriteError(f"buffers[{i}] is stored outside the flatbuffer (offset/size): "
                               "not supported")
    quant_slot = schema.slot("Tensor", "quantization")
    opt_slot = schema.slot("Operator", "builtin_options")
    for si, sg in enumerate(r.tables(model, s_model("subgraphs"))):
        check(sg, "SubGraph", f"subgraphs[{si}]")
        for ti, t in enumerate(r.tables(sg, schema.slot("SubGraph", "tensors"))):
            check(t, "Tensor", f"subgraphs[{si}].tensors[{ti}]")
            q = r.table(t, quant_slot)
            if q is not None:
                check(q, "QuantizationParameters", f"subgraphs[{si}].tensors[{ti}].quantization")
                vals = {}
                for name in ("min", "max", "scale"):
                    v = r.floats(q, schema.slot("QuantizationParameters", name))
                    if v is not None:
                        vals[name] = v
                exact[("quant", si, ti)] = vals
        for oi, op in enumerate(r.tables(sg, schema.slot("SubGraph", "operators"))):
            where = f"subgraphs[{si}].operators[{oi}]"
            check(op, "Operator", where)
            type_id = r.scalar(op, opt_slot - 1, "<B", 0)
            opts = r.table(op, opt_slot)
            if type_id and opts is not None:
                table = schema.builtin_options_table(type_id)
                if table is None or table not in schema.tables:
                    lost.append(f"{where} has builtin options type {type_id} unknown to the "
                                "schema")
                    continue
                check(opts, table, f"{where}.builtin_options")
                if table == "SoftmaxOptions":
                    exact[("beta", si, oi)] = r.scalar(opts, 0, "<f", 0.0)
    if lost:
        raise RewriteError("flatc's JSON round trip with this schema would drop data:\n  " +
                           "\n  ".join(lost[:20]) +
                           ("\n  ..." if len(lost) > 20 else "") +
                           "\n(use --schema with the full TFLite schema)")
    return exact


def json_float(x, what):
    if not math.isfinite(x):
        raise RewriteError(f"{what}: non-finite float {x} cannot be carried through JSON")
    return x  # repr of a float32 value as a double round-trips exactly through strtod


def restore_floats(model, exact):
    subgraphs = model.get("subgraphs", [])
    for key, vals in exact.items():
        kind, si, idx = key
        if kind == "quant":
            q = subgraphs[si]["tensors"][idx].setdefault("quantization", {})
            for name, v in vals.items():
                q[name] = [json_float(x, f"tensor {idx} quantization {name}") for x in v]
        else:
            op = subgraphs[si]["operators"][idx]
            if vals != 0.0:
                op.setdefault("builtin_options", {})["beta"] = json_float(vals, "softmax beta")


# ------------------------------------------------------------------------------------------
# The rewrite (on flatc's JSON form: enum names, default values omitted).


def code_of(opcode):
    """Builtin code name of an OperatorCode (missing fields are defaults: ADD / 0)."""
    code = opcode.get("builtin_code", "ADD")
    if isinstance(code, int):  # flatc writes numbers for values outside the enum
        return code
    dep = opcode.get("deprecated_builtin_code", 0)
    if code == "ADD" and dep == 32:  # old files: only deprecated_builtin_code set
        return "CUSTOM"
    return code


def is_target(opcode):
    return code_of(opcode) == "CUSTOM" and opcode.get("custom_code") == CUSTOM_CODE


def le_int32s(raw, what):
    if len(raw) != 12:
        raise RewriteError(f"{what}: custom_options have {len(raw)} bytes, expected 12 "
                           "(int32 padding, stride_width, stride_height)")
    return struct.unpack("<iii", bytes(raw))


def rewrite(model):
    opcodes = model.setdefault("operator_codes", [])
    buffers = model.setdefault("buffers", [])
    if not buffers:
        buffers.append({})  # buffer 0: the empty buffer, by convention
    targets = {i for i, oc in enumerate(opcodes) if is_target(oc)}
    tc_index = None
    for i, oc in enumerate(opcodes):
        if code_of(oc) == "TRANSPOSE_CONV":
            tc_index = i
            break
    count = 0
    for si, sg in enumerate(model.get("subgraphs", [])):
        tensors = sg.setdefault("tensors", [])
        names = {t.get("name", "") for t in tensors}
        for oi, op in enumerate(sg.get("operators", [])):
            if op.get("opcode_index", 0) not in targets:
                continue
            where = f"subgraph {si} operator {oi} ({CUSTOM_CODE})"
            if "large_custom_options_offset" in op or "large_custom_options_size" in op:
                raise RewriteError(f"{where}: large custom options are not supported")
            padding, stride_w, stride_h = le_int32s(op.get("custom_options", []), where)
            if padding not in (1, 2):
                raise RewriteError(f"{where}: padding {padding} is neither 1 (SAME) nor 2 (VALID)")
            if stride_w < 1 or stride_h < 1:
                raise RewriteError(f"{where}: strides {stride_w}x{stride_h} must be positive")
            ins, outs = op.get("inputs", []), op.get("outputs", [])
            if len(ins) != 3 or len(outs) != 1 or min(ins + outs) < 0:
                raise RewriteError(f"{where}: expected inputs (input, weights, bias) and one "
                                   f"output, got inputs {ins} outputs {outs}")
            x, w, b = ins
            out = outs[0]
            for t in (x, w, b, out):
                if t >= len(tensors):
                    raise RewriteError(f"{where}: tensor index {t} out of range")
            xs, ws, bs = (tensors[t].get("shape", []) for t in (x, w, b))
            os_ = tensors[out].get("shape", [])
            if len(xs) != 4 or len(ws) != 4 or len(os_) != 4 or ws[3] != xs[3] or \
                    os_[3] != ws[0] or os_[0] != xs[0] or bs not in ([ws[0]], [1, 1, 1, ws[0]]):
                raise RewriteError(f"{where}: shapes input {xs}, weights {ws}, bias {bs}, "
                                   f"output {os_} do not fit a transposed convolution")
            if any(d < 0 for d in tensors[out].get("shape_signature", [])) or min(os_) < 1:
                raise RewriteError(f"{where}: output shape {os_} is not static")
            # The input must be what a forward conv of the output would give.
            for axis, s, k in ((1, stride_h, ws[1]), (2, stride_w, ws[2])):
                fwd = (os_[axis] + s - 1) // s if padding == 1 else (os_[axis] - k + s) // s
                if fwd != xs[axis]:
                    raise RewriteError(f"{where}: output {os_} inconsistent with input {xs}, "
                                       f"kernel {ws}, stride {s} and padding {padding}")
            # New output_shape constant: own buffer, int32 [4].
            buf_index = len(buffers)
            buffers.append({"data": list(struct.pack("<4i", *os_))})
            base = tensors[out].get("name", f"tensor_{out}") + "/output_shape"
            name, n = base, 1
            while name in names:
                name, n = f"{base}_{n}", n + 1
            names.add(name)
            shape_t = len(tensors)
            tensors.append({"shape": [4], "type": "INT32", "buffer": buf_index, "name": name})
            if tc_index is None:
                tc_index = len(opcodes)
                opcodes.append({"deprecated_builtin_code": TRANSPOSE_CONV_CODE,
                                "builtin_code": "TRANSPOSE_CONV",
                                "version": TRANSPOSE_CONV_VERSION})
            elif opcodes[tc_index].get("version", 1) < TRANSPOSE_CONV_VERSION:
                opcodes[tc_index]["version"] = TRANSPOSE_CONV_VERSION
            op["opcode_index"] = tc_index
            op["inputs"] = [shape_t, w, x, b]
            op["builtin_options_type"] = "TransposeConvOptions"
            op["builtin_options"] = {"padding": "SAME" if padding == 1 else "VALID",
                                     "stride_w": stride_w, "stride_h": stride_h}
            op.pop("custom_options", None)
            op.pop("custom_options_format", None)
            count += 1
    # Drop OperatorCodes nobody uses any more (the rewritten custom op's), renumbering.
    used = {op.get("opcode_index", 0) for sg in model.get("subgraphs", [])
            for op in sg.get("operators", [])}
    keep = [i for i in range(len(opcodes)) if i in used or i not in targets]
    remap = {old: new for new, old in enumerate(keep)}
    model["operator_codes"] = [opcodes[i] for i in keep]
    for sg in model.get("subgraphs", []):
        for op in sg.get("operators", []):
            op["opcode_index"] = remap[op.get("opcode_index", 0)]
    return count


# ------------------------------------------------------------------------------------------


def run_flatc(flatc, args, what):
    try:
        p = subprocess.run([flatc] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
    except OSError as e:
        raise RewriteError(f"cannot run flatc '{flatc}': {e}")
    if p.returncode != 0:
        raise RewriteError(f"flatc failed to {what} (exit {p.returncode}):\n"
                           f"{(p.stderr or p.stdout).strip()}")


def to_json(flatc, schema, tflite_path, tmp, stem):
    src = os.path.join(tmp, stem + ".tflite")
    shutil.copyfile(tflite_path, src)
    run_flatc(flatc, ["--json", "--strict-json", "--raw-binary", "-o", tmp, schema, "--", src],
              f"convert '{tflite_path}' to JSON")
    path = os.path.join(tmp, stem + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise RewriteError(f"cannot read flatc's JSON '{path}': {e}")


def main(argv):
    ap = argparse.ArgumentParser(
        prog=PROG, description="Rewrite CUSTOM Convolution2DTransposeBias ops (MediaPipe) "
        "into builtin TRANSPOSE_CONV.")
    ap.add_argument("input", metavar="IN.tflite")
    ap.add_argument("output", metavar="OUT.tflite")
    ap.add_argument("--schema", default=os.environ.get("MNET_TFLITE_SCHEMA", DEFAULT_SCHEMA),
                    help="TFLite schema .fbs (default: mnetc's compiler/import/tflite_schema.fbs)")
    ap.add_argument("--flatc", default=os.environ.get("FLATC", "flatc"))
    args = ap.parse_args(argv)
    try:
        schema_path = os.path.abspath(args.schema)
        schema = Schema(schema_path)
        try:
            with open(args.input, "rb") as f:
                data = f.read()
        except OSError as e:
            raise RewriteError(f"cannot read '{args.input}': {e}")
        if len(data) < 8 or data[4:8] != b"TFL3":
            raise RewriteError(f"'{args.input}' is not a TFLite flatbuffer (no TFL3 identifier)")
        exact = inspect_binary(data, schema)
        with tempfile.TemporaryDirectory(prefix="mnet-c2b-") as tmp:
            model = to_json(args.flatc, schema_path, args.input, tmp, "in")
            restore_floats(model, exact)
            count = rewrite(model)
            out_json = os.path.join(tmp, "out.json")
            with open(out_json, "w", encoding="utf-8") as f:
                json.dump(model, f)
            run_flatc(args.flatc, ["-o", tmp, "-b", schema_path, out_json],
                      "write the rewritten model")
            produced = os.path.join(tmp, "out.tflite")
            if not os.path.exists(produced):
                raise RewriteError(f"flatc did not write '{produced}'")
            # Check the result: it parses, and no custom op of ours is left.
            check = to_json(args.flatc, schema_path, produced, tmp, "check")
            left = sum(1 for sg in check.get("subgraphs", []) for op in sg.get("operators", [])
                       if is_target(check["operator_codes"][op.get("opcode_index", 0)]))
            if left:
                raise RewriteError(f"{left} {CUSTOM_CODE} op(s) left after the rewrite")
            out_dir = os.path.dirname(os.path.abspath(args.output))
            if not os.path.isdir(out_dir):
                raise RewriteError(f"output directory '{out_dir}' does not exist")
            shutil.copyfile(produced, args.output)
    except RewriteError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    print(f"{PROG}: {args.input}: rewrote {count} {CUSTOM_CODE} op(s) into TRANSPOSE_CONV -> "
          f"{args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
