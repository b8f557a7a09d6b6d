#!/usr/bin/env python3
"""Regenerates the oracle self-test data in this directory.

Writes:
  conv2d.json    TFLite model (flatc JSON) with two outputs:
                   0 "conv":  CONV_2D 3x3, stride 2, SAME padding (asymmetric:
                              0 before, 1 after), bias, fused RELU6,
                              input 1x4x4x2 -> 1x2x2x3
                   1 "pool":  MAX_POOL_2D 2x2, stride 2, VALID, 1x4x4x2 -> 1x2x2x2
  expected.json  for each case: model JSON, input values, expected output
                 names/shapes/values, tolerance.

add_relu.json is hand-written.  All values are small multiples of 1/4 so every
product and sum is exact in float32; the expected outputs are exact.

Only needed when changing the cases; selftest.sh uses the committed files.
"""
import json
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def f32_bytes(vals):
    return list(struct.pack('<%df' % len(vals), *vals))


def add_relu_case():
    a = [1, -2, 3, -4, 5, -6, 0.5, -0.25, 7, 8, -9, 10]
    b = [0.5, 3, -3.5, 2, -5.5, 6.25, 0.25, 1, -7.75, 1, 9.5, -10.5]
    out = [max(0.0, x + y) for x, y in zip(a, b)]
    return {
        'model': 'add_relu.json',
        'inputs': [a, b],
        'outputs': [{'name': 'out', 'shape': [1, 2, 2, 3], 'values': out}],
        'atol': 0.0,
        'rtol': 0.0,
    }


def conv_case():
    H = W = 4
    C = 2
    O = 3
    K = 3
    S = 2
    x = [((i * 7) % 11 - 5) * 0.25 for i in range(H * W * C)]           # NHWC
    w = [((i * 5) % 9 - 4) * 0.25 for i in range(O * K * K * C)]         # OHWI
    bias = [0.5, -0.25, 1.5]

    def X(h, ww, c):
        return x[(h * W + ww) * C + c]

    # SAME, stride 2: out = ceil(4/2) = 2; pad_total = (2-1)*2 + 3 - 4 = 1,
    # pad_before = 0, pad_after = 1.
    OH = OW = 2
    pad_top = pad_left = 0
    conv = []
    for oh in range(OH):
        for ow in range(OW):
            for o in range(O):
                acc = bias[o]
                for kh in range(K):
                    for kw in range(K):
                        ih = oh * S + kh - pad_top
                        iw = ow * S + kw - pad_left
                        if 0 <= ih < H and 0 <= iw < W:
                            for c in range(C):
                                acc += X(ih, iw, c) * w[((o * K + kh) * K + kw) * C + c]
                conv.append(min(6.0, max(0.0, acc)))
    pool = []
    for oh in range(2):
        for ow in range(2):
            for c in range(C):
                pool.append(max(X(oh * 2 + dh, ow * 2 + dw, c) for dh in range(2) for dw in range(2)))

    model = {
        'version': 3,
        'description': 'mnetc oracle selftest: conv 3x3/s2 SAME + RELU6, maxpool 2x2/s2',
        'operator_codes': [
            {'deprecated_builtin_code': 3, 'builtin_code': 'CONV_2D', 'version': 1},
            {'deprecated_builtin_code': 17, 'builtin_code': 'MAX_POOL_2D', 'version': 1},
        ],
        'subgraphs': [{
            'name': 'main',
            'tensors': [
                {'name': 'x', 'shape': [1, H, W, C], 'type': 'FLOAT32', 'buffer': 1},
                {'name': 'w', 'shape': [O, K, K, C], 'type': 'FLOAT32', 'buffer': 2},
                {'name': 'bias', 'shape': [O], 'type': 'FLOAT32', 'buffer': 3},
                {'name': 'conv', 'shape': [1, OH, OW, O], 'type': 'FLOAT32', 'buffer': 4},
                {'name': 'pool', 'shape': [1, 2, 2, C], 'type': 'FLOAT32', 'buffer': 5},
            ],
            'inputs': [0],
            'outputs': [3, 4],
            'operators': [
                {'opcode_index': 0, 'inputs': [0, 1, 2], 'outputs': [3],
                 'builtin_options_type': 'Conv2DOptions',
                 'builtin_options': {'padding': 'SAME', 'stride_w': S, 'stride_h': S,
                                     'fused_activation_function': 'RELU6',
                                     'dilation_w_factor': 1, 'dilation_h_factor': 1}},
                {'opcode_index': 1, 'inputs': [0], 'outputs': [4],
                 'builtin_options_type': 'Pool2DOptions',
                 'builtin_options': {'padding': 'VALID', 'stride_w': 2, 'stride_h': 2,
                                     'filter_width': 2, 'filter_height': 2,
                                     'fused_activation_function': 'NONE'}},
            ],
        }],
        'buffers': [{}, {}, {'data': f32_bytes(w)}, {'data': f32_bytes(bias)}, {}, {}],
    }
    with open(os.path.join(HERE, 'conv2d.json'), 'w') as f:
        json.dump(model, f, indent=1)
        f.write('\n')
    return {
        'model': 'conv2d.json',
        'inputs': [x],
        'outputs': [
            {'name': 'conv', 'shape': [1, OH, OW, O], 'values': conv},
            {'name': 'pool', 'shape': [1, 2, 2, C], 'values': pool},
        ],
        'atol': 0.0,
        'rtol': 0.0,
    }


def main():
    cases = {'add_relu': add_relu_case(), 'conv2d': conv_case()}
    with open(os.path.join(HERE, 'expected.json'), 'w') as f:
        json.dump({'cases': cases}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
