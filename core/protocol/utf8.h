#pragma once

#include <QByteArrayView>

namespace framescope {

// Incremental, fail-fast UTF-8 validator (RFC 3629; RFC 6455 §8.1). Feed any split of
// the input; an invalid byte is reported by the feed() that contains it.
class Utf8Validator final
{
public:
    // false as soon as the bytes seen so far cannot be the prefix of valid UTF-8.
    bool feed(QByteArrayView bytes);
    // True when everything fed so far is complete, valid UTF-8 (no sequence left open).
    bool isComplete() const { return m_state == Accept; }
    bool failed() const { return m_state == Reject; }
    void reset() { m_state = Accept; }

    static bool isValid(QByteArrayView bytes);

    enum : quint8 { Accept = 0, Reject = 1 };

private:
    quint8 m_state = Accept;
};

} // namespace framescope
