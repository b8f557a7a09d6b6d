//===- ReportHtml.cpp - the report as a page to look at ---------------------===//
//
// mnetc --report=FILE.html: the same facts as the JSON, drawn for a firmware engineer deciding
// whether a model fits: the totals, the arena over time (which buffer holds which bytes while
// which layer runs, and where the peak is) and per-layer bars of MACs and weights. One file
// with inline CSS and SVG: it opens offline and can be attached to a ticket.
//
//===----------------------------------------------------------------------===//
#include "compiler/pipeline/Report.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace mnetc {
namespace {

/// Names come from the model file, which anyone may have written: every byte that could end
/// an element, an attribute or an entity is escaped, and control bytes (which a browser would
/// drop or mangle, hiding what the name really is) show as \xNN, with backslashes doubled so
/// that the two stay apart. Bytes of valid UTF-8 stay; other high bytes show as \xNN too.
std::string escape(StringRef text) {
  bool utf8 = llvm::json::isUTF8(text);
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    case '\\':
      out += "\\\\";
      break;
    default:
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && !utf8))
        out += "\\x" + llvm::utohexstr(c, /*LowerCase=*/false, /*Width=*/2);
      else
        out += static_cast<char>(c);
    }
  }
  return out;
}

std::string shapeText(ArrayRef<int64_t> shape) {
  std::string out;
  for (int64_t d : shape)
    out += (out.empty() ? "" : "\u00d7") + std::to_string(d);
  return out.empty() ? "scalar" : out;
}

/// SVG coordinates: two decimals are finer than a pixel, and print the same everywhere.
double snap(double v) { return std::round(v * 100) / 100; }

std::string px(double v) {
  std::string out;
  llvm::raw_string_ostream(out) << llvm::format("%.2f", v);
  return out;
}

std::string percent(int64_t part, int64_t whole) {
  std::string out;
  llvm::raw_string_ostream(out) << llvm::format("%.1f", whole ? 100.0 * part / whole : 0.0);
  return out;
}

/// The first tick step of 1, 2, 5, 10, 20, ... that leaves at most `most` ticks.
int64_t tickStep(int64_t span, int64_t most) {
  for (int64_t scale = 1;; scale *= 10)
    for (int64_t step : {scale, 2 * scale, 5 * scale})
      if (span / step <= most)
        return step;
}

constexpr StringLiteral kStyle = R"css(
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 24px; }
h1 { font-size: 20px; margin: 0 0 8px; overflow-wrap: anywhere; }
h2 { font-size: 16px; margin: 28px 0 6px; }
code { font: 13px ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
dd code { overflow-wrap: anywhere; }
dl.files { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 14px; }
dl.files dt { color: #666; }
dl.files dd { margin: 0; }
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 12px; }
.total { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.total .value { display: block; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.total .label { color: #666; font-size: 12px; }
p.note { color: #555; margin: 4px 0; max-width: 80em; }
svg.timeline { width: 100%; max-width: 1400px; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
svg .axis { stroke: #333; stroke-width: 1; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .fused { fill: #efeafa; stroke: #fff; stroke-width: 1.5; }
svg .fused.odd { fill: #e5ddf6; }
svg rect.buf, svg rect.scratch { stroke-width: 0.75; }
svg rect.buf:hover, svg rect.scratch:hover { stroke: #000; stroke-width: 2; }
svg rect.scratch { fill: #f28e2b; stroke: #b35900; }
svg .peak { fill: none; stroke: #d62728; stroke-width: 1.5; stroke-dasharray: 5 3; }
svg text.peak-label { fill: #d62728; font-weight: 600; }
svg text.id { font-size: 9px; fill: #fff; pointer-events: none; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; font-size: 12px; color: #444; margin: 4px 0; }
.legend span::before { content: ""; display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -2px; }
.legend .l-buf::before { background: #4e79a7; }
.legend .l-scratch::before { background: #f28e2b; }
.legend .l-fused::before { background: #efeafa; border: 1px solid #cbbfe8; }
.legend .l-peak::before { border: 2px dashed #d62728; width: 8px; height: 8px; }
table.layers { border-collapse: collapse; font-size: 12px; }
table.layers th { position: sticky; top: 0; background: #f6f6f6; text-align: left; padding: 4px 6px; border-bottom: 1px solid #ccc; white-space: nowrap; }
table.layers td { padding: 2px 6px; border-bottom: 1px solid #eee; vertical-align: top; }
table.layers td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.layers td.name code { display: block; max-width: 48em; overflow-wrap: break-word; font-size: 12px; }
table.layers tr.fused td { background: #f7f4fd; }
table.layers tr.peak td { background: #fde8e8; }
td.bar { position: relative; min-width: 120px; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar div { position: absolute; left: 0; top: 3px; bottom: 3px; border-radius: 2px; }
td.bar div.mac { background: #a9c4e4; }
td.bar div.wt { background: #b8dcb0; }
td.bar span { position: relative; padding-left: 4px; }
)css";

/// Fill and edge of the buffers' rectangles: neighbours differ, and the edge keeps a buffer
/// far smaller than a pixel visible as a line.
constexpr std::pair<StringLiteral, StringLiteral> kPalette[] = {
    {"#4e79a7", "#2f4a66"}, {"#76b7b2", "#3f7873"}, {"#59a14f", "#356130"}, {"#b07aa1", "#704a66"},
    {"#9c755f", "#5e4639"}, {"#8cd17d", "#4f8a42"}, {"#86bcb6", "#4a7a75"}, {"#a0cbe8", "#4f7fa0"}};

void writeHeader(llvm::raw_ostream &os, const ReportContext &context, const ReportTotals &totals,
                 const std::vector<ReportLayer> &layers, const PeakLayer &peak) {
  os << "<header>\n<h1>mnetc report: " << escape(context.model) << "</h1>\n"
     << "<dl class=\"files\">\n"
     << "<dt>model</dt><dd><code>" << escape(context.model) << "</code></dd>\n"
     << "<dt>target</dt><dd><code>" << escape(context.target) << "</code></dd>\n"
     << "<dt>source</dt><dd><code>" << escape(context.source) << "</code> ("
     << withThousands(context.sourceBytes) << " bytes)</dd>\n"
     << "<dt>header</dt><dd><code>" << escape(context.header) << "</code> ("
     << withThousands(context.headerBytes) << " bytes)</dd>\n";
  if (!context.weights.empty())
    os << "<dt>weights</dt><dd><code>" << escape(context.weights) << "</code> ("
       << withThousands(context.weightsFileBytes) << " bytes)</dd>\n";
  os << "</dl>\n<div class=\"totals\">\n";
  auto total = [&](StringRef id, int64_t value, StringRef label) {
    os << "<div class=\"total\" id=\"total-" << id << "\"><span class=\"value\">"
       << withThousands(value) << "</span><span class=\"label\">" << label << "</span></div>\n";
  };
  total("layers", totals.layers, "layers");
  total("fused-blocks", totals.fusedBlocks, "fused blocks");
  total("macs", totals.macs, "MACs");
  total("weight-bytes", totals.weightBytes, "weight bytes");
  total("arena-bytes", totals.arenaBytes, "arena bytes");
  total("code-bytes", context.sourceBytes + context.headerBytes, "generated C++ bytes (source + header)");
  os << "</div>\n";
  if (peak.index >= 0)
    os << "<p class=\"note\" id=\"peak\">At the arena's peak, layer " << peak.index << " <code>"
       << escape(peak.name) << "</code> (" << escape(peak.op) << ") runs with "
       << withThousands(peak.liveBytes) << " bytes live"
       << (layers[peak.index].fusedGroup >= 0 ? " (as the last layer of its fused block)" : "")
       << ".</p>\n";
  os << "</header>\n";
}

/// x: layer index, execution order; y: arena offset, 0 at the bottom.
void writeTimeline(llvm::raw_ostream &os, const ReportTotals &totals,
                   const std::vector<ReportLayer> &layers, const PeakLayer &peak) {
  os << "<h2>Arena over the layers</h2>\n";
  if (totals.arenaBytes == 0 || layers.empty()) {
    os << "<p class=\"note\">The arena is empty: no result and no scratch needs one.</p>\n";
    return;
  }
  os << "<p class=\"note\">Each rectangle is an arena buffer, from the layer that writes it to "
        "the last that reads it, at its offset and as tall as its size; orange ones are a "
        "layer's scratch. A fused block (shaded) runs as one step, so what it reads, writes and "
        "scratches is live over all its layers. Hover for names.</p>\n";
  const double width = 1200, left = 96, right = 16, top = 30, plotHeight = 400, bottom = 46;
  const double plotWidth = width - left - right, height = top + plotHeight + bottom;
  const double column = plotWidth / static_cast<double>(layers.size());
  const double scale = plotHeight / static_cast<double>(totals.arenaBytes);
  auto x = [&](int64_t layer) { return left + column * static_cast<double>(layer); };
  auto y = [&](int64_t offset) { return top + plotHeight - scale * static_cast<double>(offset); };
  // Edges rounded before the sizes are taken from them: neighbours then meet exactly, where
  // rounding position and size apart would overlap them by a hundredth. A buffer too small
  // for a hundredth keeps one: SVG draws nothing, not even the edge, of a rectangle 0 high.
  auto rect = [&](StringRef cls, int64_t first, int64_t last, int64_t offset, int64_t bytes) {
    double x0 = snap(x(first)), x1 = snap(x(last + 1));
    double y1 = snap(y(offset)), y0 = std::min(snap(y(offset + bytes)), y1 - 0.01);
    os << "<rect class=\"" << cls << "\" x=\"" << px(x0) << "\" y=\"" << px(y0) << "\" width=\""
       << px(x1 - x0) << "\" height=\"" << px(y1 - y0) << "\"";
  };

  os << "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << px(width)
     << " " << px(height) << "\" role=\"img\">\n";
  // Fused blocks behind everything, then the grid. Blocks often follow one another: they
  // alternate in shade to stay apart.
  int64_t blocks = 0;
  for (size_t i = 0; i < layers.size(); ++i) {
    const ReportLayer &layer = layers[i];
    if (layer.fusedGroup < 0 || layer.stepFirst != static_cast<int64_t>(i))
      continue;
    os << "<rect class=\"fused" << (blocks++ % 2 ? " odd" : "") << "\" x=\""
       << px(x(layer.stepFirst)) << "\" y=\"" << px(top) << "\" width=\""
       << px(x(layer.stepLast + 1) - x(layer.stepFirst)) << "\" height=\"" << px(plotHeight)
       << "\"><title>fused block " << layer.fusedGroup << ": layers " << layer.stepFirst << "\u2013"
       << layer.stepLast << ", one step</title></rect>\n";
  }
  // Offsets at round steps, and the arena's size at the top (a step too close to it would
  // print over it).
  int64_t byteStep = tickStep(totals.arenaBytes, 5);
  for (int64_t offset = 0; y(offset) - top >= 20; offset += byteStep)
    os << "<line class=\"grid\" x1=\"" << px(left) << "\" x2=\"" << px(width - right) << "\" y1=\""
       << px(y(offset)) << "\" y2=\"" << px(y(offset)) << "\"/><text x=\"" << px(left - 6)
       << "\" y=\"" << px(y(offset) + 4) << "\" text-anchor=\"end\">" << withThousands(offset)
       << "</text>\n";
  os << "<line class=\"grid\" x1=\"" << px(left) << "\" x2=\"" << px(width - right) << "\" y1=\""
     << px(top) << "\" y2=\"" << px(top) << "\"/><text x=\"" << px(left - 6) << "\" y=\""
     << px(top + 4) << "\" text-anchor=\"end\">" << withThousands(totals.arenaBytes) << "</text>\n";
  int64_t layerStep = tickStep(static_cast<int64_t>(layers.size()), 25);
  for (size_t i = 0; i < layers.size(); i += layerStep) {
    double center = x(static_cast<int64_t>(i)) + column / 2;
    os << "<line class=\"axis\" x1=\"" << px(center) << "\" x2=\"" << px(center) << "\" y1=\""
       << px(top + plotHeight) << "\" y2=\"" << px(top + plotHeight + 4) << "\"/><text x=\""
       << px(center) << "\" y=\"" << px(top + plotHeight + 16) << "\" text-anchor=\"middle\">" << i
       << "</text>\n";
  }

  // The buffers and scratches, each with its tooltip.
  std::string labelText;
  llvm::raw_string_ostream labels(labelText);
  for (size_t i = 0; i < layers.size(); ++i) {
    const ReportLayer &layer = layers[i];
    std::string what =
        escape(layer.name) + " (" + escape(layer.op) + " " + shapeText(layer.output) + ")";
    if (layer.arenaOffset >= 0) {
      const auto &[fill, edge] = kPalette[i % std::size(kPalette)];
      rect("buf", layer.stepFirst, layer.lastLive, layer.arenaOffset, layer.arenaBytes);
      os << " fill=\"" << fill << "\" stroke=\"" << edge << "\"><title>layer " << i << ": " << what
         << ": " << withThousands(layer.arenaBytes) << " bytes at offset "
         << withThousands(layer.arenaOffset) << ", live over layers " << layer.stepFirst << "\u2013"
         << layer.lastLive << "</title></rect>\n";
      // The layer's index where there is room for it, drawn over the peak's outline.
      double w = x(layer.lastLive + 1) - x(layer.stepFirst);
      double h = scale * static_cast<double>(layer.arenaBytes);
      if (w >= 22 && h >= 12)
        labels << "<text class=\"id\" x=\"" << px(x(layer.stepFirst) + w / 2) << "\" y=\""
               << px(y(layer.arenaOffset) - h / 2 + 3) << "\" text-anchor=\"middle\">" << i
               << "</text>\n";
    }
    if (layer.scratchOffset >= 0) {
      rect("scratch", layer.stepFirst, layer.stepLast, layer.scratchOffset, layer.scratchBytes);
      os << "><title>scratch of layer " << i << ": " << what << ": "
         << withThousands(layer.scratchBytes) << " bytes at offset "
         << withThousands(layer.scratchOffset) << ", live over layer"
         << (layer.stepFirst == layer.stepLast ? " " : "s ") << layer.stepFirst;
      if (layer.stepFirst != layer.stepLast)
        os << "\u2013" << layer.stepLast;
      os << "</title></rect>\n";
    }
  }

  // The peak's step, outlined over the whole height, named above the plot on the side with
  // room for a long name.
  if (peak.index >= 0) {
    const ReportLayer &layer = layers[peak.index];
    double x0 = x(layer.stepFirst), x1 = x(layer.stepLast + 1);
    bool leftHalf = (x0 + x1) / 2 < left + plotWidth / 2;
    os << "<g class=\"peak-marker\" data-layer=\"" << escape(peak.name) << "\" data-op=\""
       << escape(peak.op) << "\" data-index=\"" << peak.index << "\" data-live-bytes=\""
       << peak.liveBytes << "\">"
       << "<rect class=\"peak\" x=\"" << px(x0) << "\" y=\"" << px(top) << "\" width=\""
       << px(x1 - x0) << "\" height=\"" << px(plotHeight) << "\"/><text class=\"peak-label\" x=\""
       << px(leftHalf ? x0 : x1) << "\" y=\"" << px(top - 8) << "\" text-anchor=\""
       << (leftHalf ? "start" : "end") << "\">peak: layer " << peak.index << " "
       << escape(peak.name) << " (" << escape(peak.op) << "), " << withThousands(peak.liveBytes)
       << " bytes live</text></g>\n";
  }
  os << labelText;

  // Axes last, over the rectangles' edges.
  os << "<line class=\"axis\" x1=\"" << px(left) << "\" x2=\"" << px(left) << "\" y1=\"" << px(top)
     << "\" y2=\"" << px(top + plotHeight) << "\"/>\n"
     << "<line class=\"axis\" x1=\"" << px(left) << "\" x2=\"" << px(width - right) << "\" y1=\""
     << px(top + plotHeight) << "\" y2=\"" << px(top + plotHeight) << "\"/>\n"
     << "<text x=\"" << px(left + plotWidth / 2) << "\" y=\"" << px(height - 8)
     << "\" text-anchor=\"middle\">layer (execution order)</text>\n"
     << "<text transform=\"translate(14 " << px(top + plotHeight / 2)
     << ") rotate(-90)\" text-anchor=\"middle\">arena offset (bytes)</text>\n"
     << "</svg>\n"
     << "<div class=\"legend\"><span class=\"l-buf\">result buffer</span><span "
        "class=\"l-scratch\">scratch</span><span class=\"l-fused\">fused block</span><span "
        "class=\"l-peak\">peak</span></div>\n";
}

void writeTable(llvm::raw_ostream &os, const std::vector<ReportLayer> &layers,
                const PeakLayer &peak) {
  int64_t maxMacs = 0, maxWeights = 0;
  for (const ReportLayer &layer : layers) {
    maxMacs = std::max(maxMacs, layer.macs);
    maxWeights = std::max(maxWeights, layer.weightBytes);
  }
  os << "<h2>Layers</h2>\n<p class=\"note\">Bars are relative to the largest layer's MACs and "
        "weights.</p>\n<table class=\"layers\">\n<thead><tr><th>#</th><th>layer</th>"
        "<th>op</th><th>block</th><th>output</th><th>MACs</th><th>weight bytes</th>"
        "<th>result in</th><th>offset</th><th>bytes</th><th>scratch @ offset</th>"
        "</tr></thead>\n<tbody>\n";
  for (size_t i = 0; i < layers.size(); ++i) {
    const ReportLayer &layer = layers[i];
    os << "<tr class=\"layer" << (layer.fusedGroup >= 0 ? " fused" : "")
       << (static_cast<int64_t>(i) == peak.index ? " peak" : "") << "\"><td class=\"num\">" << i
       << "</td><td class=\"name\"><code>" << escape(layer.name) << "</code></td><td>"
       << escape(layer.op) << "</td><td class=\"num\">";
    if (layer.fusedGroup >= 0)
      os << layer.fusedGroup;
    os << "</td><td>" << shapeText(layer.output) << "</td><td class=\"bar\">"
       << "<div class=\"mac\" style=\"width:" << percent(layer.macs, maxMacs) << "%\"></div><span>"
       << withThousands(layer.macs) << "</span></td><td class=\"bar\"><div class=\"wt\" "
       << "style=\"width:" << percent(layer.weightBytes, maxWeights) << "%\"></div><span>"
       << withThousands(layer.weightBytes) << "</span></td><td>" << escape(layer.buffer)
       << "</td><td class=\"num\">";
    if (layer.arenaOffset >= 0)
      os << withThousands(layer.arenaOffset);
    os << "</td><td class=\"num\">";
    if (layer.arenaOffset >= 0)
      os << withThousands(layer.arenaBytes);
    os << "</td><td class=\"num\">";
    if (layer.scratchOffset >= 0)
      os << withThousands(layer.scratchBytes) << " @ " << withThousands(layer.scratchOffset);
    os << "</td></tr>\n";
  }
  os << "</tbody>\n</table>\n";
}

} // namespace

std::string reportHtml(ModuleOp module, const ReportContext &context) {
  std::vector<ReportLayer> layers = reportLayers(module);
  ReportTotals totals = reportTotals(module);
  PeakLayer peak = peakLayer(layers);
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"generator\" content=\"mnetc\">\n"
     << "<title>mnetc report: " << escape(context.model) << "</title>\n<style>" << kStyle
     << "</style>\n</head>\n<body>\n";
  writeHeader(os, context, totals, layers, peak);
  writeTimeline(os, totals, layers, peak);
  writeTable(os, layers, peak);
  os << "</body>\n</html>\n";
  return text;
}

} // namespace mnetc
