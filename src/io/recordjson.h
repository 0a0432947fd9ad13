// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include "model/runrecord.h"

#include <QByteArray>
#include <QIODevice>

namespace coroscope {

/*!
 * \brief Writes the run record of PRODUCT.md section 4 as JSON.
 *
 * Streams straight to the device (a million tasks make a 300 MB file, too big for a
 * QJsonDocument in memory). Times are exact seconds, values the shortest text that reads
 * back as the same double, so a saved run reloads to the same numbers.
 */
class RecordJsonWriter {
public:
    enum class Content { Summary, Full };
    //! false if the device refused a write.
    static bool write(QIODevice &out, const RunRecord &record, Content content);
    static QByteArray toJson(const RunRecord &record, Content content);
};

} // namespace coroscope
