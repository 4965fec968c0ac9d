#pragma once

#include <QByteArray>

namespace framescope {

// QByteArray::resize() inline, for the per-frame paths: when `bytes` has storage of its own
// (not shared, not raw data) with room for `size`, only the size changes (and the
// terminating '\0'). Otherwise Qt's resize(), which allocates or detaches. Qt 6.4's
// resize() is out of line and costs about 30 instructions even when nothing moves.
inline void resizeInPlace(QByteArray &bytes, qsizetype size)
{
    QByteArray::DataPointer &d = bytes.data_ptr();
    if (d.needsDetach() || size - d.size > d.freeSpaceAtEnd()) {
        bytes.resize(size);
        return;
    }
    d.size = size;
    d.data()[size] = '\0';
}

} // namespace framescope
