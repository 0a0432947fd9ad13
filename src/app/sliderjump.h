// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
#pragma once

class QSlider;

namespace coroscope {

//! Makes a click on \a slider's groove move the knob to the click (not one page step
//! towards it), as a scrub bar should; holding the button then drags the knob.
void jumpOnGrooveClick(QSlider *slider);

} // namespace coroscope
