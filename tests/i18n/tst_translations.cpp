// The German catalogue: embedded and loadable, exact texts from several contexts, English
// untouched, and the committed .ts complete and in sync with what lupdate finds in the
// sources today (so a new tr() without a translation fails here, not in front of a user).
#include "formatting.h"
#include "serversettings.h"
#include "translations.h"

#include "protocol/closecode.h"

#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace framescope;

namespace {

struct TsMessage
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString type;             // translation type: "", "unfinished", "vanished", "obsolete"
    QStringList translations; // one, or the numerus forms
};

QString keyOf(const TsMessage &m)
{
    return m.context + QChar(0x1f) + m.source + QChar(0x1f) + m.comment;
}

// A .ts file as lupdate writes it: TS > context > name, message > source, comment,
// translation (text or numerusform children).
bool readTs(const QString &path, QList<TsMessage> &messages, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString();
        return false;
    }
    QXmlStreamReader xml(&file);
    QString context;
    TsMessage current;
    bool inMessage = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("name") && !inMessage) {
                context = xml.readElementText();
            } else if (name == QLatin1String("message")) {
                current = TsMessage{};
                current.context = context;
                current.numerus =
                    xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
                inMessage = true;
            } else if (name == QLatin1String("source") && inMessage) {
                current.source = xml.readElementText();
            } else if (name == QLatin1String("comment") && inMessage) {
                current.comment = xml.readElementText();
            } else if (name == QLatin1String("translation") && inMessage) {
                current.type = xml.attributes().value(QLatin1String("type")).toString();
                if (!current.numerus) {
                    current.translations.append(xml.readElementText());
                }
            } else if (name == QLatin1String("numerusform") && inMessage) {
                current.translations.append(xml.readElementText());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages.append(current);
            inMessage = false;
        }
    }
    if (xml.hasError()) {
        error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
        return false;
    }
    return true;
}

QSet<QString> matches(const QRegularExpression &re, const QString &text)
{
    QSet<QString> found;
    for (auto it = re.globalMatch(text); it.hasNext();)
        found.insert(it.next().captured(0));
    return found;
}

int accelerators(const QString &text)
{
    QString t = text;
    t.remove(QStringLiteral("&&"));
    return int(t.count(QLatin1Char('&')));
}

QString tsFile()
{
    return QString::fromUtf8(FRAMESCOPE_TS_FILES).split(QLatin1Char(';')).constFirst();
}

} // namespace

class TestTranslations final : public QObject
{
    Q_OBJECT

private slots:
    void embeddedCatalogueLoads();
    void knownStrings_data();
    void knownStrings();
    void pluralForms();
    void everyCloseCodeMeaning();
    void everyServerOption();
    void installPicksLanguage_data();
    void installPicksLanguage();
    void englishInstallsNothing();
    void qtOwnStringsFollow();
    void tsIsComplete();
    void tsMatchesSources();

private:
    QTranslator m_german;
};

void TestTranslations::embeddedCatalogueLoads()
{
    // Linked in from framescope_ui's resource object library, not read from disk.
    QVERIFY(QFile::exists(QStringLiteral(":/i18n/framescope_de.qm")));
    QVERIFY(m_german.load(QStringLiteral(":/i18n/framescope_de.qm")));
    QCOMPARE(m_german.language(), QStringLiteral("de_DE"));
}

void TestTranslations::knownStrings_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("german");
    QTest::newRow("window: connections title") << "framescope::MainWindow"
                                               << "<b>Connections</b>"
                                               << "<b>Verbindungen</b>";
    QTest::newRow("window: frame log title") << "framescope::MainWindow"
                                             << "<b>Frames</b>"
                                             << "<b>Frames</b>";
    QTest::newRow("window: status") << "framescope::MainWindow"
                                    << "%1 connections: %2 active, %3 closed · %4 frames/s"
                                    << "%1 Verbindungen: %2 aktiv, %3 geschlossen · %4 Frames/s";
    QTest::newRow("send panel: broadcast") << "framescope::SendPanel"
                                           << "Broadcast to all"
                                           << "Broadcast an alle";
    QTest::newRow("send panel: drop") << "framescope::SendPanel"
                                      << "Drop TCP"
                                      << "TCP abbrechen";
    QTest::newRow("close inspector: echo") << "framescope::CloseInspector"
                                           << "Echo the close"
                                           << "Close zurücksenden";
    QTest::newRow("close inspector: held") << "framescope::CloseInspector"
                                           << "held: waiting for your reply"
                                           << "gehalten: wartet auf Ihre Antwort";
    QTest::newRow("connection model: header") << "framescope::ConnectionModel"
                                              << "Peer"
                                              << "Gegenstelle";
    QTest::newRow("frame log: header") << "framescope::FrameLogModel"
                                       << "Preview"
                                       << "Vorschau";
    QTest::newRow("namespace helper: event") << "framescope"
                                             << "OPEN"
                                             << "GEÖFFNET";
    QTest::newRow("namespace helper: initiator") << "framescope"
                                                 << "connection lost"
                                                 << "Verbindungsabbruch";
    QTest::newRow("close code") << "CloseCode"
                                << "Policy violation"
                                << "Richtlinienverstoß";
    QTest::newRow("server option") << "ServerOption"
                                   << "Worker threads"
                                   << "Worker-Threads";
    QTest::newRow("settings dialog") << "framescope::SettingsDialog"
                                     << "Server settings"
                                     << "Servereinstellungen";
}

void TestTranslations::knownStrings()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, german);
    QVERIFY(!m_german.isEmpty());
    QCOMPARE(m_german.translate(context.toUtf8().constData(), source.toUtf8().constData()), german);
}

void TestTranslations::pluralForms()
{
    QCoreApplication::installTranslator(&m_german);
    const char *ctx = "framescope::SendPanel";
    QCOMPARE(
        QCoreApplication::translate(ctx, "Pushed %1 bytes to %n connection(s).", nullptr, 1).arg(5),
        QStringLiteral("Push: 5 Bytes an 1 Verbindung."));
    QCOMPARE(
        QCoreApplication::translate(ctx, "Pushed %1 bytes to %n connection(s).", nullptr, 3).arg(5),
        QStringLiteral("Push: 5 Bytes an 3 Verbindungen."));
    QCOMPARE(
        QCoreApplication::translate(ctx, "Broadcast %1 bytes to %n connection(s).", nullptr, 2),
        QStringLiteral("Broadcast: %1 Bytes an 2 Verbindungen."));
    QCoreApplication::removeTranslator(&m_german);
}

void TestTranslations::everyCloseCodeMeaning()
{
    // core keeps the sentences; ui/formatting.cpp lists them for lupdate. Every code the
    // table can describe must reach the user in German, through the function the UI uses.
    QCoreApplication::installTranslator(&m_german);
    QSet<QString> seen;
    for (int code = 0; code <= 65535; ++code) {
        const QString english = QString::fromUtf8(closeCodeInfo(quint16(code)).meaning);
        if (seen.contains(english))
            continue;
        seen.insert(english);
        const QString shown = closeCodeMeaning(quint16(code));
        QVERIFY2(!m_german.translate("CloseCode", english.toUtf8().constData()).isEmpty(),
                 qPrintable(QStringLiteral("%1: no German for “%2”").arg(code).arg(english)));
        QVERIFY2(shown != english, qPrintable(english));
    }
    QCOMPARE(closeCodeMeaning(1000),
             QStringLiteral("Normales Schließen: Die Verbindung hat ihren Zweck erfüllt"));
    QCoreApplication::removeTranslator(&m_german);
    QVERIFY(seen.size() >= 20);
}

void TestTranslations::everyServerOption()
{
    for (const OptionField &f : optionFields()) {
        QVERIFY2(!m_german.translate("ServerOption", f.label).isEmpty(), f.label);
        QVERIFY2(!m_german.translate("ServerOption", f.help).isEmpty(), f.help);
    }
}

void TestTranslations::installPicksLanguage_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("installed");
    QTest::newRow("de") << QLocale(QLocale::German, QLocale::Germany) << "de";
    QTest::newRow("de_AT falls back to de") << QLocale(QLocale::German, QLocale::Austria) << "de";
    QTest::newRow("de_CH") << QLocale(QStringLiteral("de_CH")) << "de";
    QTest::newRow("en_US") << QLocale(QLocale::English, QLocale::UnitedStates) << "";
    QTest::newRow("en_GB") << QLocale(QLocale::English, QLocale::UnitedKingdom) << "";
    QTest::newRow("fr: not shipped") << QLocale(QLocale::French, QLocale::France) << "";
    QTest::newRow("C") << QLocale::c() << "";
}

void TestTranslations::installPicksLanguage()
{
    QFETCH(QLocale, locale);
    QFETCH(QString, installed);
    QCOMPARE(installTranslators(QCoreApplication::instance(), locale), installed);
    const QString connections =
        QCoreApplication::translate("framescope::MainWindow", "<b>Connections</b>");
    QCOMPARE(connections, installed == QLatin1String("de") ? QStringLiteral("<b>Verbindungen</b>")
                                                           : QStringLiteral("<b>Connections</b>"));
    // Calling again replaces, never stacks: one of ours at most.
    int ours = 0;
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        if (t->objectName() == QLatin1String("framescope_translator"))
            ++ours;
    }
    QCOMPARE(ours, installed.isEmpty() ? 0 : 1);
}

void TestTranslations::englishInstallsNothing()
{
    installTranslators(QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(QCoreApplication::translate("framescope::SendPanel", "Broadcast to all"),
             QStringLiteral("Broadcast an alle"));
    // Switching back to English removes what the German call installed.
    QCOMPARE(installTranslators(QCoreApplication::instance(), QLocale(QLocale::English)),
             QString());
    QVERIFY(QCoreApplication::instance()->findChildren<QTranslator *>().isEmpty());
    QCOMPARE(QCoreApplication::translate("framescope::SendPanel", "Broadcast to all"),
             QStringLiteral("Broadcast to all"));
    QCOMPARE(QCoreApplication::translate("framescope", "OPEN"), QStringLiteral("OPEN"));
    QCOMPARE(closeCodeMeaning(1008), QStringLiteral("Policy violation"));
}

void TestTranslations::qtOwnStringsFollow()
{
    // qt6-translations-l10n is in scripts/install-deps.sh: standard buttons turn German too.
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    QVERIFY2(QFile::exists(dir + QStringLiteral("/qtbase_de.qm")), qPrintable(dir));
    installTranslators(QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Abbrechen"));
    installTranslators(QCoreApplication::instance(), QLocale(QLocale::English));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void TestTranslations::tsIsComplete()
{
    QList<TsMessage> messages;
    QString error;
    QVERIFY2(readTs(tsFile(), messages, error), qPrintable(error));
    QVERIFY(messages.size() > 300);
    const QRegularExpression placeholder(QStringLiteral("%(?:[1-9]|n)"));
    const QRegularExpression tag(QStringLiteral("</?[A-Za-z][^>]*>"));
    QStringList problems;
    for (const TsMessage &m : messages) {
        const QString where = QStringLiteral("%1 / “%2”: ").arg(m.context, m.source);
        if (!m.type.isEmpty())
            problems << where + QStringLiteral("type=\"%1\"").arg(m.type);
        if (m.translations.isEmpty())
            problems << where + QStringLiteral("no translation");
        if (m.numerus && m.translations.size() != 2)
            problems << where + QStringLiteral("German has 2 plural forms");
        for (const QString &t : m.translations) {
            if (t.isEmpty())
                problems << where + QStringLiteral("empty translation");
            if (matches(placeholder, m.source) != matches(placeholder, t))
                problems << where + QStringLiteral("placeholders differ in “%1”").arg(t);
            if (matches(tag, m.source) != matches(tag, t))
                problems << where + QStringLiteral("HTML tags differ in “%1”").arg(t);
            if (accelerators(m.source) != accelerators(t))
                problems << where + QStringLiteral("accelerators differ in “%1”").arg(t);
            if (m.source.endsWith(QLatin1Char('\n')) != t.endsWith(QLatin1Char('\n')) ||
                m.source.endsWith(QStringLiteral("…")) != t.endsWith(QStringLiteral("…")))
                problems << where + QStringLiteral("line end or ellipsis differs in “%1”").arg(t);
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::tsMatchesSources()
{
    // lupdate as the update_translations target runs it, into a fresh file: what the code
    // asks for today. Every such message needs a finished entry in the committed file, and
    // the committed file holds nothing else.
    QFile list(QStringLiteral(FRAMESCOPE_TR_SOURCES_FILE));
    QVERIFY(list.open(QIODevice::ReadOnly));
    const QStringList sources =
        QString::fromUtf8(list.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(sources.size() > 10);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("framescope_de.ts"));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(FRAMESCOPE_LUPDATE),
                  sources + QStringList{QStringLiteral("-no-obsolete"),
                                        QStringLiteral("-locations"), QStringLiteral("none"),
                                        QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(60000));
    QVERIFY2(lupdate.exitStatus() == QProcess::NormalExit && lupdate.exitCode() == 0,
             lupdate.readAll().constData());

    QList<TsMessage> wanted, committed;
    QString error;
    QVERIFY2(readTs(fresh, wanted, error), qPrintable(error));
    QVERIFY2(readTs(tsFile(), committed, error), qPrintable(error));
    QHash<QString, TsMessage> byKey;
    for (const TsMessage &m : committed)
        byKey.insert(keyOf(m), m);
    QSet<QString> wantedKeys;
    QStringList problems;
    for (const TsMessage &m : wanted) {
        wantedKeys.insert(keyOf(m));
        const auto it = byKey.constFind(keyOf(m));
        if (it == byKey.cend())
            problems << QStringLiteral("missing in the .ts: %1 / “%2”").arg(m.context, m.source);
        else if (!it->type.isEmpty() || it->translations.isEmpty() ||
                 it->translations.contains(QString()))
            problems << QStringLiteral("unfinished: %1 / “%2”").arg(m.context, m.source);
        else if (it->numerus != m.numerus)
            problems << QStringLiteral("plural flag differs: %1 / “%2”").arg(m.context, m.source);
    }
    for (const TsMessage &m : committed) {
        if (!wantedKeys.contains(keyOf(m)))
            problems
                << QStringLiteral("no longer in the sources: %1 / “%2”").arg(m.context, m.source);
    }
    QVERIFY2(problems.isEmpty(),
             qPrintable(problems.join(QLatin1Char('\n')) +
                        QStringLiteral("\nRun: cmake --build --preset debug --target "
                                       "update_translations, then translate in Qt Linguist.")));
    QCOMPARE(wanted.size(), committed.size());
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
