#pragma once

#include "PageRenderer.h"
#include "catalog/Catalog.h"
#include "domain/Patient.h"
#include "domain/TimeZone.h"
#include "services/PatientService.h"

#include <functional>
#include <vector>

namespace Limber {

/// The catalog a prescription was written from (its own exercises at the revisions it names).
using CatalogOf = std::function<Catalog(const Prescription&)>;

/// The patient page's list of earlier episodes of care: sets hasEarlierEpisodes and
/// earlierEpisodes, each with its number, the days it began and ended in the clinic's zone
/// ("not recorded" when unknown), the address of its read-only page and its programs (title,
/// period, how many versions).
void addEarlierEpisodes(PageData& data, const std::vector<EarlierEpisode>& episodes,
                        std::int64_t patientId, const TimeZone& zone);

/// The read-only page of one earlier episode: its dates, and for each program every version
/// with its exercises and doses as they were (newest first), its adherence from its start to
/// its end, and all its sessions (newest first). Offers nothing to change.
PageData episodePageData(const EpisodeRecord& record, const Patient& patient,
                         const CatalogOf& catalogOf, const TimeZone& zone);

} // namespace Limber
