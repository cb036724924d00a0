import Analysis

/// A histogram over a window: the bucket increments of every merged series added together.
///
/// `cumulativeCounts[i]` is the number of observations `<= upperBounds[i]` in the window, the
/// shape `histogram_quantile` expects; `count` and `sum` cover the same window. It is the same
/// value as one scrape's `HistogramReading`, so the quantile maths is shared.
public typealias HistogramTotal = HistogramReading
