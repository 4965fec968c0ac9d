// Utf8Validator: valid and invalid sequences (overlongs, surrogates, > U+10FFFF, bytes that
// never occur), truncation at every position, and fail-fast on the feed with the bad byte.

#include "decodeutil.h"
#include "protocol/utf8.h"

#include <QRandomGenerator>
#include <QTest>

using namespace framescope;
using framescope::testutil::hex;

namespace {

// Reference encoder for the exhaustive check.
QByteArray encode(char32_t cp)
{
    QByteArray out;
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
    return out;
}

} // namespace

class TestUtf8 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void valid_data();
    void valid();
    void invalid_data();
    void invalid();
    void truncatedAtEveryPosition_data();
    void truncatedAtEveryPosition();
    void failFastPosition();
    void everyCodePoint();
    void everyTwoByteSequence();
    void asciiFastPathBoundaries();
    void resetAfterFailure();
};

void TestUtf8::valid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("ascii") << QByteArray("Hello, world! 0123456789");
    QTest::newRow("NUL and DEL") << hex("00 7f");
    QTest::newRow("U+0080") << hex("c2 80");
    QTest::newRow("U+07FF") << hex("df bf");
    QTest::newRow("U+0800") << hex("e0 a0 80");
    QTest::newRow("U+D7FF") << hex("ed 9f bf");
    QTest::newRow("U+E000") << hex("ee 80 80");
    QTest::newRow("U+FFFD") << hex("ef bf bd");
    QTest::newRow("U+FFFF") << hex("ef bf bf");
    QTest::newRow("U+10000") << hex("f0 90 80 80");
    QTest::newRow("U+1F600 emoji") << hex("f0 9f 98 80");
    QTest::newRow("U+FFFFF") << hex("f3 bf bf bf");
    QTest::newRow("U+100000") << hex("f4 80 80 80");
    QTest::newRow("U+10FFFF") << hex("f4 8f bf bf");
    QTest::newRow("Hello-µ@ßöäüàá-UTF-8!!")
        << hex("48656c6c6f2dc2b540c39fc3b6c3a4c3bcc3a0c3a12d5554462d382121");
    QTest::newRow("kosme") << hex("ce ba e1 bd b9 cf 83 ce bc ce b5");
    QTest::newRow("mixed long") << QByteArray("ascii ascii ascii ").repeated(5) + hex("e2 82 ac") +
                                       QByteArray("tail text here");
}

void TestUtf8::valid()
{
    QFETCH(QByteArray, bytes);
    QVERIFY(Utf8Validator::isValid(bytes));
    // The same through every two-part split.
    for (qsizetype cut = 0; cut <= bytes.size(); ++cut) {
        Utf8Validator v;
        QVERIFY(v.feed(QByteArrayView(bytes).first(cut)));
        QVERIFY(v.feed(QByteArrayView(bytes).sliced(cut)));
        QVERIFY(v.isComplete());
        QVERIFY(!v.failed());
    }
    // And agrees with Qt's decoder.
    QCOMPARE(QString::fromUtf8(bytes).toUtf8(), bytes);
}

void TestUtf8::invalid_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("badIndex"); // first byte that makes the prefix invalid

    // Overlong forms
    QTest::newRow("overlong C0 80 (NUL)") << hex("c0 80") << 0;
    QTest::newRow("overlong C1 BF") << hex("c1 bf") << 0;
    QTest::newRow("overlong E0 80 80") << hex("e0 80 80") << 1;
    QTest::newRow("overlong E0 9F BF") << hex("e0 9f bf") << 1;
    QTest::newRow("overlong F0 80 80 80") << hex("f0 80 80 80") << 1;
    QTest::newRow("overlong F0 8F BF BF") << hex("f0 8f bf bf") << 1;
    QTest::newRow("overlong slash C0 AF") << hex("c0 af") << 0;
    // Surrogates
    QTest::newRow("surrogate U+D800") << hex("ed a0 80") << 1;
    QTest::newRow("surrogate U+DBFF") << hex("ed af bf") << 1;
    QTest::newRow("surrogate U+DC00") << hex("ed b0 80") << 1;
    QTest::newRow("surrogate U+DFFF") << hex("ed bf bf") << 1;
    QTest::newRow("surrogate pair") << hex("ed a0 80 ed b0 80") << 1;
    // Beyond U+10FFFF
    QTest::newRow("U+110000 F4 90 80 80") << hex("f4 90 80 80") << 1;
    QTest::newRow("F4 BF BF BF") << hex("f4 bf bf bf") << 1;
    QTest::newRow("F5") << hex("f5 80 80 80") << 0;
    QTest::newRow("F7 BF BF BF") << hex("f7 bf bf bf") << 0;
    QTest::newRow("F8 5-byte form") << hex("f8 88 80 80 80") << 0;
    QTest::newRow("FC 6-byte form") << hex("fc 84 80 80 80 80") << 0;
    QTest::newRow("FE") << hex("fe") << 0;
    QTest::newRow("FF") << hex("ff") << 0;
    // Misplaced bytes
    QTest::newRow("lone continuation 80") << hex("80") << 0;
    QTest::newRow("lone continuation BF after ascii") << hex("41 42 bf") << 2;
    QTest::newRow("two-byte lead then ascii") << hex("c2 41") << 1;
    QTest::newRow("three-byte lead then ascii") << hex("e2 82 41") << 2;
    QTest::newRow("four-byte lead then ascii") << hex("f0 9f 98 41") << 3;
    QTest::newRow("extra continuation") << hex("c2 80 80") << 2;
    QTest::newRow("invalid after 16 ascii bytes")
        << (QByteArray("0123456789abcdef") + hex("ff")) << 16;
    QTest::newRow("autobahn 6.4.1 fragment")
        << hex("ce ba e1 bd b9 cf 83 ce bc ce b5 f4 90 80 80 65 64 69 74 65 64") << 12;
}

void TestUtf8::invalid()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, badIndex);
    QVERIFY(!Utf8Validator::isValid(bytes));
    // The prefix before the bad byte is still a valid prefix; the bad byte fails it.
    Utf8Validator v;
    QVERIFY(v.feed(QByteArrayView(bytes).first(badIndex)));
    QVERIFY(!v.feed(QByteArrayView(bytes).sliced(badIndex, 1)));
    QVERIFY(v.failed());
    QVERIFY(!v.isComplete());
    // Sticky: nothing afterwards makes it valid again.
    QVERIFY(!v.feed("A"));
    QVERIFY(v.failed());
}

void TestUtf8::truncatedAtEveryPosition_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("2-byte") << hex("c2 a9");
    QTest::newRow("3-byte") << hex("e2 82 ac");
    QTest::newRow("3-byte after E0") << hex("e0 a0 80");
    QTest::newRow("3-byte after ED") << hex("ed 9f bf");
    QTest::newRow("4-byte") << hex("f0 9f 98 80");
    QTest::newRow("4-byte F4") << hex("f4 8f bf bf");
    QTest::newRow("4-byte F1") << hex("f1 80 80 80");
}

void TestUtf8::truncatedAtEveryPosition()
{
    QFETCH(QByteArray, bytes);
    const QByteArray text = "ab" + bytes;
    for (qsizetype len = 0; len <= text.size(); ++len) {
        Utf8Validator v;
        // A truncated sequence is a valid prefix: the feed succeeds…
        QVERIFY(v.feed(QByteArrayView(text).first(len)));
        QVERIFY(!v.failed());
        // …but only the whole sequence is complete.
        const bool complete = len <= 2 || len == text.size();
        QCOMPARE(v.isComplete(), complete);
        QCOMPARE(Utf8Validator::isValid(QByteArrayView(text).first(len)), complete);
    }
}

void TestUtf8::failFastPosition()
{
    // The error is reported by the feed that contains the bad byte, not later.
    const QByteArray good = QByteArray("hello ") + hex("e2 82 ac") + "world";
    for (qsizetype cut = 0; cut <= good.size(); ++cut) {
        Utf8Validator v;
        QVERIFY(v.feed(QByteArrayView(good).first(cut)));
        QVERIFY(!v.feed(hex("c0")));
        QVERIFY(v.failed());
    }
    // In chunks of 3: the chunk with the surrogate fails, the ones before succeed.
    const QByteArray bad = QByteArray("abcdefgh") + hex("ed a0 80") + "ijk";
    Utf8Validator v;
    QVERIFY(v.feed(QByteArrayView(bad).first(9)));      // ... "ed"
    QVERIFY(!v.feed(QByteArrayView(bad).sliced(9, 1))); // a0: surrogate range
}

void TestUtf8::everyCodePoint()
{
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        const QByteArray b = encode(cp);
        const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
        if (Utf8Validator::isValid(b) == surrogate)
            QFAIL(qPrintable(QStringLiteral("U+%1").arg(quint32(cp), 0, 16)));
    }
    // Just past the top.
    QVERIFY(!Utf8Validator::isValid(encode(0x110000)));
}

void TestUtf8::everyTwoByteSequence()
{
    // Against a simple reference: Qt's own strict decoder agrees for all 65536 pairs.
    for (int a = 0; a < 256; ++a) {
        for (int b = 0; b < 256; ++b) {
            const char pair[2] = {char(a), char(b)};
            const QByteArrayView view(pair, 2);
            const QString s = QString::fromUtf8(view);
            const bool reference = s.toUtf8() == view && !s.contains(QChar(0xFFFD));
            if (Utf8Validator::isValid(view) != reference)
                QFAIL(qPrintable(QStringLiteral("%1 %2").arg(a, 2, 16).arg(b, 2, 16)));
        }
    }
}

void TestUtf8::asciiFastPathBoundaries()
{
    // A bad byte at every offset of a long ASCII run, so both the 8-byte and byte paths see it.
    for (int pos = 0; pos < 40; ++pos) {
        QByteArray s(40, 'x');
        s[pos] = char(0x80);
        QVERIFY(!Utf8Validator::isValid(s));
        s[pos] = char(0xC3);
        QVERIFY(!Utf8Validator::isValid(s));
        s[pos] = 'y';
        QVERIFY(Utf8Validator::isValid(s));
    }
    // A multi-byte sequence split across the fast path and the DFA.
    QByteArray s = QByteArray(7, 'a') + hex("f0 9f 98 80") + QByteArray(9, 'b');
    QVERIFY(Utf8Validator::isValid(s));
    QRandomGenerator rng(42);
    for (int i = 0; i < 2000; ++i) {
        QString text;
        const int n = rng.bounded(40);
        for (int j = 0; j < n; ++j) {
            char32_t cp =
                rng.bounded(4) == 0 ? char32_t(rng.bounded(0x10FFFF)) : char32_t(rng.bounded(0x80));
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 'z';
            text += QString::fromUcs4(&cp, 1);
        }
        QVERIFY(Utf8Validator::isValid(text.toUtf8()));
    }
}

void TestUtf8::resetAfterFailure()
{
    Utf8Validator v;
    QVERIFY(!v.feed(hex("ff")));
    v.reset();
    QVERIFY(v.feed("ok"));
    QVERIFY(v.isComplete());
}

QTEST_GUILESS_MAIN(TestUtf8)
#include "tst_utf8.moc"
