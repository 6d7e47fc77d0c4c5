// SPDX-License-Identifier: GPL-3.0-or-later
#include "gigablocksummary.h"

namespace gbw {

std::string_view name(GigablockCategory category)
{
    switch (category) {
    case GigablockCategory::Empty:
        return "empty";
    case GigablockCategory::Clean:
        return "clean";
    case GigablockCategory::Tainted:
        return "tainted";
    case GigablockCategory::Isolated:
        return "isolated";
    }
    return "?";
}

} // namespace gbw
