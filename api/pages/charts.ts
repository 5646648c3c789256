import * as echarts from 'echarts';
import type { Formats } from './format';
import { escapeHtml, type SafeHtml, trusted } from './html';
import type { PageWords } from './words';

/**
 * Bar charts drawn on the server as SVG (ECharts' SSR renderer), with no script and no animation.
 * Bars are horizontal so that long organization names read as they are; in Persian the value
 * axis runs right to left. Two series differ by more than colour (a filled and an outlined bar,
 * named in the legend), so the chart reads in black and white print too.
 */
export interface BarChart {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}

const INK = '#1d4f91';
const FONT = 'Vazirmatn, Tahoma, sans-serif';
const styles = [
  { color: INK },
  { color: '#ffffff', borderColor: INK, borderWidth: 2 },
  { color: '#7a4b00' },
];

export function barChartSvg(chart: BarChart, words: PageWords, formats: Formats): SafeHtml {
  const rtl = words.dir === 'rtl';
  const rowHeight = 14 + 16 * chart.series.length;
  const width = 720;
  const height = Math.max(180, 90 + chart.categories.length * rowHeight);
  const compact = new Intl.NumberFormat(words.language === 'fa' ? 'fa-IR' : 'en-US', { notation: 'compact', maximumFractionDigits: 1 });
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    instance.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, color: '#2b2b2b' },
      legend: { show: chart.series.length > 1, top: 4, selectedMode: false, textStyle: { fontFamily: FONT, color: '#2b2b2b' } },
      grid: { left: rtl ? 24 : 8, right: rtl ? 8 : 24, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: 'value',
        inverse: rtl,
        minInterval: 1,
        axisLabel: { color: '#3a3a3a', formatter: (value: number) => compact.format(value) },
      },
      yAxis: {
        type: 'category',
        inverse: true,
        position: rtl ? 'right' : 'left',
        data: chart.categories,
        axisLabel: { color: '#2b2b2b', width: 220, overflow: 'break' },
      },
      series: chart.series.map((series, i) => ({
        name: series.name,
        type: 'bar',
        silent: true,
        barMaxWidth: 14,
        itemStyle: styles[i % styles.length],
        data: series.values,
      })),
    });
    return trusted(tidy(instance.renderToSVGString(), words.page.chartOf(chart.title)));
  } finally {
    instance.dispose();
  }
}

/**
 * Makes ECharts' SVG fit a page whose CSP allows no inline style: hover rules (`<style>`) go,
 * `style="…"` becomes the equivalent presentation attributes, ECharts' own bookkeeping
 * attributes go, and the root gets its text alternative.
 */
function tidy(svg: string, label: string): string {
  return svg
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '')
    .replace(/ style="([^"]*)"/g, (_all, declarations: string) =>
      declarations
        .split(';')
        .map((declaration) => /^\s*([a-z-]+)\s*:\s*(.+?)\s*$/.exec(declaration))
        .flatMap((match) => (match ? [` ${match[1]}="${match[2]}"`] : []))
        .join(''),
    )
    .replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `);
}
