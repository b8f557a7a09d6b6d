# Checks an mnetc --report JSON against the model's --stats and the generated header.
import json, re, sys

report = json.load(open(sys.argv[1]))
stats = open(sys.argv[2]).read()
header = open(sys.argv[3]).read()
totals, layers = report["totals"], report["layers"]
stats_macs = int(re.search(r"MACs:\s+([0-9,]+)", stats).group(1).replace(",", ""))
arena = int(re.search(r"_ARENA_SIZE (\d+)u", header).group(1))
print("macs", totals["macs"], "== stats", stats_macs)
print("arena == header:", totals["arena_bytes"] == arena)
print("layer macs sum to total:", sum(l["macs"] for l in layers) == totals["macs"])
inside = all(l["arena_offset"] is None or l["arena_offset"] + l["arena_bytes"] <= arena
             for l in layers)
inside = inside and all(l["scratch_offset"] + l["scratch_bytes"] <= arena
                        for l in layers if "scratch_bytes" in l)
print("layer buffers inside the arena:", inside)
print("buffers:", " ".join(sorted(set(l["buffer"] for l in layers))))
se = [l for l in layers if l["op"] == "squeeze_excite"]
print("squeeze_excite layers: %d, each with scratch: %s" % (len(se), all(l.get("scratch_bytes", 0) > 0 for l in se)))
