// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

// Counting an image's colours: what the pixel tests read back (they used to copy it).

#include <QRgb>

#include <map>

namespace coroscope::test {

//! The colour \a counts holds most of (the first of equals); 0 when it is empty.
inline QRgb mostCommon(const std::map<QRgb, int> &counts) {
    QRgb best = 0;
    int n = -1;
    for (const auto &[c, k] : counts)
        if (k > n) {
            n = k;
            best = c;
        }
    return best;
}

} // namespace coroscope::test
