#pragma once

#include <QHeaderView>

#include <algorithm>

namespace framescope {

// Widens every section whose label (in the current language, with the header's own font,
// margins and sort indicator) does not fit the width the code chose from sample content:
// the samples are English or digits, a translated label can be wider ("Handshake", "方向").
// The stretched last section sizes itself. Call after setting the default widths and
// before restoring saved ones.
inline void fitSectionsToLabels(QHeaderView *header)
{
    const int last = header->count() - 1;
    for (int i = 0; i < header->count(); ++i) {
        if (header->isSectionHidden(i) || (i == last && header->stretchLastSection()))
            continue;
        header->resizeSection(i, std::max(header->sectionSize(i), header->sectionSizeHint(i)));
    }
}

} // namespace framescope
