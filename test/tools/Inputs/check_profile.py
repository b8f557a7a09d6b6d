"""Checks mnet-run --profile's outputs.json against mnetc --report's JSON for the same compile:
every profiled step is a layer of the report with its name and op (a fused block by its last
layer), every multiply-accumulate is timed exactly once, and every time is a number >= 0.
usage: check_profile.py OUTPUTS.json REPORT.json"""
import json
import sys

profile = json.load(open(sys.argv[1]))["layers"]
report = json.load(open(sys.argv[2]))
layers = report["layers"]
last_of_group = {}
for i, layer in enumerate(layers):
    if layer["fused_group"] is not None:
        last_of_group[layer["fused_group"]] = i

macs = 0
for step in profile:
    i = step["index"]
    layer = layers[i]
    assert step["name"] == layer["name"] and step["op"] == layer["op"], (step, layer)
    group = layer["fused_group"]
    if group is not None:
        assert last_of_group[group] == i, "fused block %d timed at layer %d" % (group, i)
        assert step["fused_block"] == group
        macs_of_step = sum(l["macs"] for l in layers if l["fused_group"] == group)
    else:
        assert step["fused_block"] == -1
        macs_of_step = layer["macs"]
    assert step["macs"] == macs_of_step, (step, macs_of_step)
    assert step["median_ms"] >= 0
    macs += step["macs"]
assert macs == report["totals"]["macs"], (macs, report["totals"]["macs"])
print("profile: %d steps, %d MACs, all timed once" % (len(profile), macs))
