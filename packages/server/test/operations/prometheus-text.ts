// Reads a /metrics answer the way Prometheus does (parse-prometheus-text-format), so the suites
// assert on samples and labels rather than on substrings of the text. The parser folds a labelled
// histogram's series into one (buckets only), so suites read labels from the matching counter.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  readonly metrics: readonly {
    readonly value?: string;
    readonly count?: string;
    readonly sum?: string;
    readonly buckets?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
  }[];
}

export function parseMetrics(text: string): MetricFamily[] {
  return parsePrometheusTextFormat(text) as MetricFamily[];
}

/** The value of the first sample whose labels include `labels`, or 0 when there is none. */
export function sample(families: readonly MetricFamily[], name: string, labels: Readonly<Record<string, string>> = {}): number {
  const family = families.find((f) => f.name === name);
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!metric) return 0;
  return Number(metric.value ?? 0);
}
