// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

#include <QString>
#include <QtGlobal>

namespace coroscope {

//! Memory the system can give this process now (MemAvailable), in bytes.
quint64 availableMemory();

//! Why \a bytes of \a what cannot fit in memory now (over 80 % of what is available), or "".
QString memoryRefusal(quint64 bytes, const QString &what);

} // namespace coroscope
