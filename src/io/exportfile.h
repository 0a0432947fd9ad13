#pragma once

#include "engine/runrecord.h"

#include <QString>

namespace coroscope {

/*!
 * \brief Writes \a record to \a path in the format its ending names (.json, .csv,
 * .trace.json, .png, .svg, .pdf), atomically through QSaveFile.
 *
 * Returns an empty string on success, else one line saying why; an earlier file at
 * \a path is then left whole and no partial file remains.
 */
QString exportRecord(const QString &path, const RunRecord &record);

} // namespace coroscope
