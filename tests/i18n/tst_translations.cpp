// The shipped catalogues (German, Simplified Chinese), each with the same checks: embedded
// and loadable, exact texts from several contexts and plural forms, every close code and
// server option, locale fallback, Qt's own strings following, English untouched, and the
// committed .ts complete (placeholders, tags, accelerators kept) and in sync with what
// lupdate finds in the sources today (so a new tr() without a translation fails here, not
// in front of a user). The languages are rows of one table; a .ts or an embedded .qm that
// is not in it fails shippedLanguagesAreTested.
#include "formatting.h"
#include "serversettings.h"
#include "translations.h"

#include "protocol/closecode.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

// Every shipped language, with what differs between them.
struct Shipped
{
    QString code;          // framescope_<code>.ts / .qm, and what installTranslators() returns
    QString qmLanguage;    // QTranslator::language() of the catalogue
    QLocale locale;        // a locale that picks it
    int pluralForms;       // numerusform entries per plural message (Qt's rules)
    QString qtCancel;      // qtbase's QPlatformTheme "Cancel"
    QString normalClosure; // close code 1000's meaning
};

const QList<Shipped> &shipped()
{
    static const QList<Shipped> languages{
        {QStringLiteral("de"), QStringLiteral("de_DE"), QLocale(QLocale::German, QLocale::Germany),
         2, QStringLiteral("Abbrechen"),
         QStringLiteral("Normales Schließen: Die Verbindung hat ihren Zweck erfüllt")},
        {QStringLiteral("zh_CN"), QStringLiteral("zh_CN"),
         QLocale(QLocale::Chinese, QLocale::China), 1, QStringLiteral("取消"),
         QStringLiteral("正常关闭：连接已完成其使命")},
    };
    return languages;
}

const Shipped &language(const QString &code)
{
    for (const Shipped &s : shipped()) {
        if (s.code == code)
            return s;
    }
    qFatal("language %s is not in the table", qPrintable(code));
}

// One source text and its expected translation in each shipped language (same order as
// shipped()).
struct Known
{
    const char *name;
    const char *context;
    const char *source;
    QStringList translations;
};

const QList<Known> &knownTexts()
{
    static const QList<Known> texts{
        {"window: connections title",
         "framescope::MainWindow",
         "<b>Connections</b>",
         {QStringLiteral("<b>Verbindungen</b>"), QStringLiteral("<b>连接</b>")}},
        {"window: frame log title",
         "framescope::MainWindow",
         "<b>Frames</b>",
         {QStringLiteral("<b>Frames</b>"), QStringLiteral("<b>帧</b>")}},
        {"window: status",
         "framescope::MainWindow",
         "%1 connections: %2 active, %3 closed · %4 frames/s",
         {QStringLiteral("%1 Verbindungen: %2 aktiv, %3 geschlossen · %4 Frames/s"),
          QStringLiteral("%1 个连接：%2 个活动，%3 个已关闭 · %4 帧/秒")}},
        {"send panel: broadcast",
         "framescope::SendPanel",
         "Broadcast to all",
         {QStringLiteral("Broadcast an alle"), QStringLiteral("广播给所有连接")}},
        {"send panel: drop",
         "framescope::SendPanel",
         "Drop TCP",
         {QStringLiteral("TCP abbrechen"), QStringLiteral("断开 TCP")}},
        {"close inspector: echo",
         "framescope::CloseInspector",
         "Echo the close",
         {QStringLiteral("Close zurücksenden"), QStringLiteral("回显关闭帧")}},
        {"close inspector: held",
         "framescope::CloseInspector",
         "held: waiting for your reply",
         {QStringLiteral("gehalten: wartet auf Ihre Antwort"),
          QStringLiteral("已挂起：等待您的回复")}},
        {"connection model: header",
         "framescope::ConnectionModel",
         "Peer",
         {QStringLiteral("Gegenstelle"), QStringLiteral("对端")}},
        {"frame log: header",
         "framescope::FrameLogModel",
         "Preview",
         {QStringLiteral("Vorschau"), QStringLiteral("预览")}},
        {"namespace helper: event",
         "framescope",
         "OPEN",
         {QStringLiteral("GEÖFFNET"), QStringLiteral("已打开")}},
        {"namespace helper: initiator",
         "framescope",
         "connection lost",
         {QStringLiteral("Verbindungsabbruch"), QStringLiteral("连接丢失")}},
        {"close code",
         "CloseCode",
         "Policy violation",
         {QStringLiteral("Richtlinienverstoß"), QStringLiteral("违反策略")}},
        {"server option",
         "ServerOption",
         "Worker threads",
         {QStringLiteral("Worker-Threads"), QStringLiteral("工作线程")}},
        {"server option: Swoole name kept",
         "ServerOption",
         "buffer_output_size: the largest payload one push may send",
         {QStringLiteral("buffer_output_size: die größte Payload, die ein Push senden darf"),
          QStringLiteral("buffer_output_size：单次推送可发送的最大载荷")}},
        {"settings dialog",
         "framescope::SettingsDialog",
         "Server settings",
         {QStringLiteral("Servereinstellungen"), QStringLiteral("服务器设置")}},
    };
    return texts;
}

QStringList tsFiles()
{
    return QString::fromUtf8(FRAMESCOPE_TS_FILES).split(QLatin1Char('|'), Qt::SkipEmptyParts);
}

QString tsFile(const QString &code)
{
    for (const QString &file : tsFiles()) {
        if (QFileInfo(file).fileName() == QStringLiteral("framescope_%1.ts").arg(code))
            return file;
    }
    return {};
}

QString qmFile(const QString &code)
{
    return QStringLiteral(":/i18n/framescope_%1.qm").arg(code);
}

void addLanguageRows()
{
    QTest::addColumn<QString>("code");
    for (const Shipped &s : shipped())
        QTest::newRow(qPrintable(s.code)) << s.code;
}

// Messages whose translation is the English source itself, by key.
QSet<QString> keptEnglish(const QList<TsMessage> &messages)
{
    QSet<QString> kept;
    for (const TsMessage &m : messages) {
        if (m.translations.size() == 1 && m.translations.constFirst() == m.source)
            kept.insert(keyOf(m));
    }
    return kept;
}

} // namespace

class TestTranslations final : public QObject
{
    Q_OBJECT

private slots:
    void shippedLanguagesAreTested();
    void embeddedCatalogueLoads_data() { addLanguageRows(); }
    void embeddedCatalogueLoads();
    void knownStrings_data();
    void knownStrings();
    void pluralForms_data();
    void pluralForms();
    void everyCloseCodeMeaning_data() { addLanguageRows(); }
    void everyCloseCodeMeaning();
    void everyServerOption_data() { addLanguageRows(); }
    void everyServerOption();
    void installPicksLanguage_data();
    void installPicksLanguage();
    void englishInstallsNothing_data() { addLanguageRows(); }
    void englishInstallsNothing();
    void qtOwnStringsFollow_data() { addLanguageRows(); }
    void qtOwnStringsFollow();
    void tsIsComplete_data() { addLanguageRows(); }
    void tsIsComplete();
    void englishOnlyWhereGermanKeepsIt_data();
    void englishOnlyWhereGermanKeepsIt();
    void tsMatchesSources_data() { addLanguageRows(); }
    void tsMatchesSources();
    void cleanup();
};

void TestTranslations::cleanup()
{
    // Each row starts from English, whatever the previous one installed.
    installTranslators(QCoreApplication::instance(), QLocale(QLocale::English));
}

void TestTranslations::shippedLanguagesAreTested()
{
    QStringList tested, committed, embedded;
    for (const Shipped &s : shipped())
        tested << s.code;
    for (const QString &file : tsFiles())
        committed << QFileInfo(file).completeBaseName().mid(int(qstrlen("framescope_")));
    for (const QString &file : QDir(QStringLiteral(":/i18n")).entryList({"framescope_*.qm"}))
        embedded << QFileInfo(file).completeBaseName().mid(int(qstrlen("framescope_")));
    tested.sort();
    committed.sort();
    embedded.sort();
    QCOMPARE(committed, tested);
    QCOMPARE(embedded, tested);
    // The translations directory holds nothing the build does not know about.
    QStringList onDisk;
    for (const QString &file :
         QDir(QFileInfo(tsFiles().constFirst()).absolutePath()).entryList({"*.ts"}))
        onDisk << QFileInfo(file).completeBaseName().mid(int(qstrlen("framescope_")));
    onDisk.sort();
    QCOMPARE(onDisk, tested);
}

void TestTranslations::embeddedCatalogueLoads()
{
    QFETCH(QString, code);
    // Linked in from framescope_ui's resource object library, not read from disk.
    QVERIFY(QFile::exists(qmFile(code)));
    QTranslator translator;
    QVERIFY(translator.load(qmFile(code)));
    QCOMPARE(translator.language(), language(code).qmLanguage);
}

void TestTranslations::knownStrings_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    for (const Known &k : knownTexts()) {
        QCOMPARE(k.translations.size(), shipped().size());
        for (int i = 0; i < shipped().size(); ++i) {
            const QString code = shipped().at(i).code;
            QTest::addRow("%s: %s", qPrintable(code), k.name)
                << code << QString::fromUtf8(k.context) << QString::fromUtf8(k.source)
                << k.translations.at(i);
        }
    }
}

void TestTranslations::knownStrings()
{
    QFETCH(QString, code);
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, expected);
    QTranslator translator;
    QVERIFY(translator.load(qmFile(code)));
    QCOMPARE(translator.translate(context.toUtf8().constData(), source.toUtf8().constData()),
             expected);
}

void TestTranslations::pluralForms_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("source");
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("expected"); // before .arg(5): %1 stays
    const char *pushed = "Pushed %1 bytes to %n connection(s).";
    const char *broadcast = "Broadcast %1 bytes to %n connection(s).";
    QTest::newRow("de: one") << "de" << pushed << 1 << "Push: %1 Bytes an 1 Verbindung.";
    QTest::newRow("de: three") << "de" << pushed << 3 << "Push: %1 Bytes an 3 Verbindungen.";
    QTest::newRow("de: broadcast")
        << "de" << broadcast << 2 << "Broadcast: %1 Bytes an 2 Verbindungen.";
    QTest::newRow("zh_CN: one") << "zh_CN" << pushed << 1 << "已向 1 个连接推送 %1 字节。";
    QTest::newRow("zh_CN: three") << "zh_CN" << pushed << 3 << "已向 3 个连接推送 %1 字节。";
    QTest::newRow("zh_CN: broadcast") << "zh_CN" << broadcast << 2 << "已向 2 个连接广播 %1 字节。";
}

void TestTranslations::pluralForms()
{
    QFETCH(QString, code);
    QFETCH(QString, source);
    QFETCH(int, n);
    QFETCH(QString, expected);
    QCOMPARE(installTranslators(QCoreApplication::instance(), language(code).locale), code);
    const QString shown = QCoreApplication::translate("framescope::SendPanel",
                                                      source.toUtf8().constData(), nullptr, n);
    QCOMPARE(shown, expected);
    QCOMPARE(shown.arg(5), QString(expected).replace(QStringLiteral("%1"), QStringLiteral("5")));
}

void TestTranslations::everyCloseCodeMeaning()
{
    // core keeps the sentences; ui/formatting.cpp lists them for lupdate. Every code the
    // table can describe must reach the user translated, through the function the UI uses.
    QFETCH(QString, code);
    QTranslator translator;
    QVERIFY(translator.load(qmFile(code)));
    QCOMPARE(installTranslators(QCoreApplication::instance(), language(code).locale), code);
    QSet<QString> seen;
    for (int closeCode = 0; closeCode <= 65535; ++closeCode) {
        const QString english = QString::fromUtf8(closeCodeInfo(quint16(closeCode)).meaning);
        if (seen.contains(english))
            continue;
        seen.insert(english);
        const QString shown = closeCodeMeaning(quint16(closeCode));
        QVERIFY2(
            !translator.translate("CloseCode", english.toUtf8().constData()).isEmpty(),
            qPrintable(QStringLiteral("%1: no %2 for “%3”").arg(closeCode).arg(code, english)));
        QVERIFY2(shown != english, qPrintable(english));
    }
    QCOMPARE(closeCodeMeaning(1000), language(code).normalClosure);
    QVERIFY(seen.size() >= 20);
}

void TestTranslations::everyServerOption()
{
    QFETCH(QString, code);
    QTranslator translator;
    QVERIFY(translator.load(qmFile(code)));
    for (const OptionField &f : optionFields()) {
        QVERIFY2(!translator.translate("ServerOption", f.label).isEmpty(), f.label);
        QVERIFY2(!translator.translate("ServerOption", f.help).isEmpty(), f.help);
    }
}

void TestTranslations::installPicksLanguage_data()
{
    QTest::addColumn<QLocale>("locale");
    QTest::addColumn<QString>("installed");
    QTest::newRow("de") << QLocale(QLocale::German, QLocale::Germany) << "de";
    QTest::newRow("de_AT falls back to de") << QLocale(QLocale::German, QLocale::Austria) << "de";
    QTest::newRow("de_CH") << QLocale(QStringLiteral("de_CH")) << "de";
    QTest::newRow("zh_CN") << QLocale(QLocale::Chinese, QLocale::China) << "zh_CN";
    QTest::newRow("zh: Simplified by default") << QLocale(QStringLiteral("zh")) << "zh_CN";
    QTest::newRow("zh_Hans") << QLocale(QStringLiteral("zh_Hans")) << "zh_CN";
    QTest::newRow("zh-Hans-CN") << QLocale(QStringLiteral("zh-Hans-CN")) << "zh_CN";
    QTest::newRow("zh_SG: Simplified script")
        << QLocale(QLocale::Chinese, QLocale::SimplifiedHanScript, QLocale::Singapore) << "zh_CN";
    QTest::newRow("zh_TW: Traditional, not shipped") << QLocale(QStringLiteral("zh_TW")) << "";
    QTest::newRow("zh_HK: Traditional, not shipped") << QLocale(QStringLiteral("zh_HK")) << "";
    QTest::newRow("zh_Hant: not shipped") << QLocale(QStringLiteral("zh_Hant")) << "";
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
    QString expected = QStringLiteral("<b>Connections</b>");
    if (!installed.isEmpty()) {
        QTranslator translator;
        QVERIFY(translator.load(qmFile(installed)));
        expected = translator.translate("framescope::MainWindow", "<b>Connections</b>");
        QVERIFY(expected != QLatin1String("<b>Connections</b>"));
    }
    QCOMPARE(connections, expected);
    // Calling again replaces, never stacks: one of ours at most.
    installTranslators(QCoreApplication::instance(), locale);
    int ours = 0;
    for (QTranslator *t : QCoreApplication::instance()->findChildren<QTranslator *>()) {
        if (t->objectName() == QLatin1String("framescope_translator"))
            ++ours;
    }
    QCOMPARE(ours, installed.isEmpty() ? 0 : 1);
}

void TestTranslations::englishInstallsNothing()
{
    QFETCH(QString, code);
    QCOMPARE(installTranslators(QCoreApplication::instance(), language(code).locale), code);
    const QString broadcast =
        QCoreApplication::translate("framescope::SendPanel", "Broadcast to all");
    QVERIFY(broadcast != QLatin1String("Broadcast to all"));
    // Switching back to English removes what the other call installed.
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
    // qt6-translations-l10n is in scripts/install-deps.sh: standard buttons follow too.
    QFETCH(QString, code);
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    QVERIFY2(QFile::exists(dir + QStringLiteral("/qtbase_%1.qm").arg(code)), qPrintable(dir));
    installTranslators(QCoreApplication::instance(), language(code).locale);
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), language(code).qtCancel);
    installTranslators(QCoreApplication::instance(), QLocale(QLocale::English));
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Cancel"));
}

void TestTranslations::tsIsComplete()
{
    QFETCH(QString, code);
    const int pluralForms = language(code).pluralForms;
    QList<TsMessage> messages;
    QString error;
    QVERIFY2(readTs(tsFile(code), messages, error), qPrintable(error));
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
        if (m.numerus && m.translations.size() != pluralForms)
            problems << where + QStringLiteral("%1 has %2 plural form(s), found %3")
                                    .arg(code)
                                    .arg(pluralForms)
                                    .arg(m.translations.size());
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

void TestTranslations::englishOnlyWhereGermanKeepsIt_data()
{
    QTest::addColumn<QString>("code");
    for (const Shipped &s : shipped()) {
        if (s.code != QLatin1String("de"))
            QTest::newRow(qPrintable(s.code)) << s.code;
    }
}

void TestTranslations::englishOnlyWhereGermanKeepsIt()
{
    // A translation identical to its English source is fine for what German keeps too
    // (opcodes, flags, option names, units, "Framescope"); anything else is a string
    // someone forgot to translate.
    QFETCH(QString, code);
    QList<TsMessage> german, other;
    QString error;
    QVERIFY2(readTs(tsFile(QStringLiteral("de")), german, error), qPrintable(error));
    QVERIFY2(readTs(tsFile(code), other, error), qPrintable(error));
    const QSet<QString> germanKept = keptEnglish(german);
    QStringList problems;
    for (const QString &key : keptEnglish(other)) {
        if (!germanKept.contains(key))
            problems << QString(key).replace(QChar(0x1f), QStringLiteral(" / "));
    }
    problems.sort();
    QVERIFY2(problems.isEmpty(),
             qPrintable(QStringLiteral("left in English in %1, translated in German:\n%2")
                            .arg(code, problems.join(QLatin1Char('\n')))));
}

void TestTranslations::tsMatchesSources()
{
    // lupdate as the update_translations target runs it, into a fresh file: what the code
    // asks for today. Every such message needs a finished entry in the committed file, and
    // the committed file holds nothing else.
    QFETCH(QString, code);
    QFile list(QStringLiteral(FRAMESCOPE_TR_SOURCES_FILE));
    QVERIFY(list.open(QIODevice::ReadOnly));
    const QStringList sources =
        QString::fromUtf8(list.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(sources.size() > 10);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("framescope_%1.ts").arg(code));
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
    QVERIFY2(readTs(tsFile(code), committed, error), qPrintable(error));
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
