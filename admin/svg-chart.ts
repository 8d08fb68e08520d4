/** Escapes text for SVG/XML content and attributes. */
function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (char) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[char]!);
}

export interface ChartSeries {
  readonly label: string;
  /** A colour with enough contrast on white (WCAG 3:1 for graphics). */
  readonly color: string;
  readonly values: readonly number[];
}

/**
 * A grouped bar chart as a standalone SVG (rendered on the server: no charting library in the
 * browser, works in Teams and in e-mail). Has a <title> and <desc> for screen readers; the UI
 * also shows the same numbers as a table.
 */
export function renderBarChart(options: {
  title: string;
  description: string;
  categories: readonly string[];
  series: readonly ChartSeries[];
  width?: number;
  height?: number;
}): string {
  const width = options.width ?? 720;
  const height = options.height ?? 320;
  const margin = { top: 40, right: 20, bottom: 70, left: 50 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const maximum = Math.max(1, ...options.series.flatMap((series) => series.values));
  const step = niceStep(maximum);
  const top = Math.ceil(maximum / step) * step;
  const groupWidth = plotWidth / Math.max(1, options.categories.length);
  const barWidth = Math.max(2, (groupWidth * 0.8) / Math.max(1, options.series.length));
  const y = (value: number) => margin.top + plotHeight - (value / top) * plotHeight;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="chart-title">${escapeXml(options.title)}</title>`,
    `<desc id="chart-desc">${escapeXml(options.description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${margin.left}" y="22" font-size="15" font-weight="600" fill="#1b1f24">${escapeXml(options.title)}</text>`,
  );
  for (let value = 0; value <= top; value += step) {
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="#d5dae1"/>`,
      `<text x="${margin.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" fill="#4a5360">${value}</text>`,
    );
  }
  options.categories.forEach((category, index) => {
    const groupX = margin.left + index * groupWidth + groupWidth * 0.1;
    options.series.forEach((series, seriesIndex) => {
      const value = series.values[index] ?? 0;
      const x = groupX + seriesIndex * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y(value).toFixed(1)}" width="${(barWidth - 1).toFixed(1)}" height="${(margin.top + plotHeight - y(value)).toFixed(1)}" fill="${escapeXml(series.color)}"><title>${escapeXml(`${series.label}, ${category}: ${value}`)}</title></rect>`,
      );
    });
    const labelX = margin.left + index * groupWidth + groupWidth / 2;
    parts.push(
      `<text x="${labelX.toFixed(1)}" y="${margin.top + plotHeight + 16}" text-anchor="middle" fill="#1b1f24">${escapeXml(category)}</text>`,
    );
  });
  options.series.forEach((series, index) => {
    const x = margin.left + index * 170;
    const legendY = height - 18;
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${escapeXml(series.color)}"/>`,
      `<text x="${x + 18}" y="${legendY}" fill="#1b1f24">${escapeXml(series.label)}</text>`,
    );
  });
  if (options.categories.length === 0) {
    parts.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#4a5360">–</text>`);
  }
  parts.push("</svg>");
  return parts.join("");
}

function niceStep(maximum: number): number {
  const rough = maximum / 5;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const normalised = rough / magnitude;
  const nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
  return Math.max(1, nice * magnitude);
}
