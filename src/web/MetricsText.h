#pragma once

#include "domain/Histogram.h"

#include <map>
#include <string>

namespace Limber {

/// Metrics written in the Prometheus text exposition format (version 0.0.4): each family once,
/// with its HELP and TYPE lines before its samples.
class MetricsText {
public:
    using Labels = std::map<std::string, std::string>;

    /// Starts a family; type is "counter", "gauge" or "histogram". A family already started
    /// is not announced again.
    void family(const std::string& name, const std::string& help, const std::string& type);
    /// One sample of the family started last.
    void sample(const std::string& name, double value, const Labels& labels = {});
    /// A whole histogram: its buckets (le), _sum and _count.
    void histogram(const std::string& name, const Histogram::Snapshot& snapshot,
                   const Labels& labels = {});

    const std::string& text() const { return _text; }

private:
    std::string _text;
    std::map<std::string, bool> _announced;
};

} // namespace Limber
