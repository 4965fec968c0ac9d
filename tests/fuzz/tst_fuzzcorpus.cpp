// Replays the committed fuzz corpora (tests/fuzz/corpus/<target>/) through the same cases
// as the libFuzzer targets, in the normal build: the server corpus (recorded interop
// traffic, and every input a bug was found with) through the InlineServer, the codec corpus
// through the decoder and handshake cases. A regression shows in `make test`, no clang needed.

#include "fuzzharness.h"
#include "serverharness.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QTest>

#include <csignal>

using namespace framescope;

namespace {

QStringList corpusFiles(const QString &target)
{
    QDir dir(QStringLiteral(FRAMESCOPE_FUZZ_CORPUS "/") + target);
    QStringList files;
    const QStringList names = dir.entryList(QDir::Files, QDir::Name);
    for (const QString &name : names)
        files << dir.filePath(name);
    return files;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

class TestFuzzCorpus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        std::signal(SIGPIPE, SIG_IGN);
        // The event log writes to /dev/null, which QFile warns cannot seek.
        QLoggingCategory::setFilterRules(QStringLiteral("default.warning=false"));
    }

    void server_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files = corpusFiles(QStringLiteral("server"));
        // Recorded sessions of every interop peer, and the regressions.
        QVERIFY2(files.size() >= 8, qPrintable(QStringLiteral("%1 files").arg(files.size())));
        for (const QString &path : files)
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
    }
    void server()
    {
        QFETCH(QString, path);
        const QByteArray input = readAll(path);
        QVERIFY(!input.isEmpty());
        const QString problem = fuzz::serverCase(
            reinterpret_cast<const quint8 *>(input.constData()), size_t(input.size()));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void codec_data()
    {
        QTest::addColumn<QString>("path");
        const QStringList files = corpusFiles(QStringLiteral("codec"));
        // Derived from the recorded sessions, and the regressions: a missing corpus fails.
        QVERIFY2(files.size() >= 8, qPrintable(QStringLiteral("%1 files").arg(files.size())));
        for (const QString &path : files)
            QTest::newRow(qPrintable(QFileInfo(path).fileName())) << path;
    }
    void codec()
    {
        QFETCH(QString, path);
        const QByteArray input = readAll(path);
        if (input.isEmpty())
            return;
        const auto *data = reinterpret_cast<const quint8 *>(input.constData());
        const QString problem = (data[0] & 1)
                                    ? fuzz::handshakeCase(data + 1, size_t(input.size() - 1))
                                    : fuzz::decoderCase(data + 1, size_t(input.size() - 1));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
