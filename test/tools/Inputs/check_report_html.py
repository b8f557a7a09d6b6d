# Checks an mnetc --report=FILE.html page against the JSON report of the same compile: the
# totals, a row per layer, a timeline rectangle per arena buffer and scratch (each where its
# offset and size put it, none overlapping another), every name escaped, nothing fetched.
import html, json, re, sys
from html.parser import HTMLParser

report = json.load(open(sys.argv[1]))
raw = open(sys.argv[2], "rb").read()
page = raw.decode("utf-8")
VOID = ("meta", "link", "br", "img", "input", "hr")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.totals, self.rows, self.rects, self.lines = [], {}, [], [], []
        self.stack, self.references, self.style = [], [], ""
        self.peak = self.total = self.value = self.title = self.last_rect = None

    def handle_starttag(self, tag, attrs):
        self.open(tag, dict(attrs), tag not in VOID)

    def handle_startendtag(self, tag, attrs):
        self.open(tag, dict(attrs), False)

    def open(self, tag, a, push):
        self.tags.append(tag)
        classes = (a.get("class") or "").split()
        if push:
            self.stack.append(tag)
        self.references += [k for k in a if k in ("src", "href", "xlink:href") or k.startswith("on")]
        if tag == "div" and (a.get("id") or "").startswith("total-"):
            self.total = a["id"][len("total-"):]
        if tag == "span" and self.total and "value" in classes:
            self.totals[self.total], self.value = "", self.total
        if tag == "tr" and "layer" in classes:
            self.rows.append(a)
        if tag == "rect":
            a["kind"], a["title"] = (classes or [""])[0], ""
            self.last_rect = a
            if a["kind"] in ("buf", "scratch"):
                self.rects.append(a)
        if tag == "title" and "svg" in self.stack and self.last_rect:
            self.title = self.last_rect
        if tag == "line" and "axis" in classes:
            self.lines.append({k: float(v) for k, v in a.items() if k in ("x1", "x2", "y1", "y2")})
        if tag == "g" and "peak-marker" in classes:
            self.peak = a

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        if tag == "title":
            self.title = None
        if tag == "rect":
            self.last_rect = None
        if tag == "span":
            self.value = None
        if tag == "div":
            self.total = None

    def handle_data(self, data):
        if self.value:
            self.totals[self.value] += data
        if self.title is not None:
            self.title["title"] += data
        if self.stack and self.stack[-1] == "style":
            self.style += data


p = Page()
p.feed(page)
totals, layers = report["totals"], report["layers"]


def shown(name):
    """A name as the page shows it: control bytes as \\xNN, backslashes doubled."""
    out = ""
    for c in name:
        if c == "\\":
            out += "\\\\"
        elif ord(c) < 0x20 or c == "\x7f":
            out += "\\x%02X" % ord(c)
        else:
            out += c
    return out


def shape(s):
    return "\u00d7".join(str(d) for d in s)


# The totals as the page shows them (with thousands separators) against the JSON's.
want = dict(totals)
want["code_bytes"] = totals["source_bytes"] + totals["header_bytes"]
for key in ["layers", "fused_blocks", "macs", "weight_bytes", "arena_bytes", "code_bytes"]:
    value = p.totals.get(key.replace("_", "-"), "missing")
    print("%s %s == json %d: %s" % (key, value, want[key], value.replace(",", "") == str(want[key])))
print("rows %d == layers %d" % (len(p.rows), len(layers)))
buffers = [(i, l) for i, l in enumerate(layers) if l["arena_offset"] is not None]
scratches = [(i, l) for i, l in enumerate(layers) if "scratch_bytes" in l]
bufs = [r for r in p.rects if r["kind"] == "buf"]
scrs = [r for r in p.rects if r["kind"] == "scratch"]
print("buffer rects %d == arena buffers %d" % (len(bufs), len(buffers)))
print("scratch rects %d == scratch entries %d" % (len(scrs), len(scratches)))

# Each rectangle's tooltip names its layer, op, shape, bytes and offset as the JSON has them,
# and its geometry is that offset and size on the axes (the y axis spans 0..arena bytes, the
# x axis one column a layer). Planned buffers live at once never share bytes: neither may
# their rectangles.
titles = geometry = True
boxes = []
if bufs or scrs:
    yaxis = [l for l in p.lines if l["x1"] == l["x2"] and l["y2"] - l["y1"] > 10][0]
    xaxis = [l for l in p.lines if l["y1"] == l["y2"] and l["x2"] - l["x1"] > 10][0]
    top, bottom, left = yaxis["y1"], yaxis["y2"], xaxis["x1"]
    column = (xaxis["x2"] - left) / len(layers)
    scale = (bottom - top) / totals["arena_bytes"]
for rects, entries, what, off, size in [
        (bufs, buffers, "layer", "arena_offset", "arena_bytes"),
        (scrs, scratches, "scratch of layer", "scratch_offset", "scratch_bytes")]:
    for r, (i, l) in zip(rects, entries):
        m = re.fullmatch(r"%s (\d+): (.*) \((\S+) (\S+)\): ([\d,]+) bytes at offset ([\d,]+), "
                         r"live over layers? (\d+)(?:\u2013(\d+))?" % what, r["title"], re.S)
        ok = bool(m) and (int(m[1]), m[2], m[3], m[4], int(m[5].replace(",", "")),
                          int(m[6].replace(",", ""))) == (i, shown(l["name"]), l["op"],
                                                            shape(l["output"]), l[size], l[off])
        if not ok:
            print("title of layer %d: %r" % (i, r["title"]))
        titles = titles and ok
        if not m:
            continue
        first, last = int(m[7]), int(m[8] or m[7])
        x, y, w, h = (float(r[k]) for k in ("x", "y", "width", "height"))
        near = lambda a, b: abs(a - b) < 0.02
        ok = (near(h, l[size] * scale) and near(y + h, bottom - l[off] * scale) and
              near(x, left + first * column) and near(w, (last - first + 1) * column) and
              first <= i <= last)
        if not ok:
            print("geometry of layer %d: %r" % (i, r))
        geometry = geometry and ok
        boxes.append((x, x + w, y, y + h, r["title"]))
print("titles match the json:", titles)
print("rects where the offsets put them:", geometry)
# (Neighbours meet exactly; a buffer under a hundredth high is drawn a hundredth high.)
overlaps = [(a[4], b[4]) for n, a in enumerate(boxes) for b in boxes[n + 1:]
            if min(a[1], b[1]) - max(a[0], b[0]) > 0.011 and min(a[3], b[3]) - max(a[2], b[2]) > 0.011]
for a, b in overlaps:
    print("overlap:", a, "|", b)
print("rects overlap:", bool(overlaps))

if p.peak:
    print("html peak: layer '%s' (%s) runs with %s bytes live" %
          (p.peak["data-layer"], p.peak["data-op"], p.peak["data-live-bytes"]))
    print("peak row:", [i for i, r in enumerate(p.rows) if "peak" in r["class"].split()] ==
          [int(p.peak["data-index"])])

# Names from the model read back from the page's text; none opens markup of its own (the page
# has only the tags it is made of), and nothing fetches or runs anything.
text = html.unescape(re.sub(r"<[^>]*>", "", page))
print("names shown:", all(shown(l["name"]) in text for l in layers))
print("tags:", " ".join(sorted(set(p.tags))))
print("control bytes:", sorted(set(b for b in raw if b < 0x20 and b != 0x0A)))
print("references:", p.references + re.findall(r"url\(|@import", p.style))
