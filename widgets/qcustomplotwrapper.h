// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The only include of qcustomplot.h in the project (see ARCHITECTURE.md): its
// header relies on Qt's `foreach`, so it must never meet QT_NO_FOREACH, and
// keeping it behind one header keeps that constraint in one place.
#include <qcustomplot.h>
