#include "translations.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace framescope {

namespace {
const QString kOwnName = QStringLiteral("framescope_translator");
const QString kQtName = QStringLiteral("qtbase_translator");

void removeInstalled(QCoreApplication *app)
{
    const auto translators = app->findChildren<QTranslator *>(Qt::FindDirectChildrenOnly);
    for (QTranslator *translator : translators) {
        if (translator->objectName() == kOwnName || translator->objectName() == kQtName) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
    }
}

// "de-AT" → {"de_AT", "de_DE", "de"}: the regional file first, then the one for the
// language's usual territory in the same script, then the language's. The middle step is
// what makes "zh", "zh-Hans" and "zh-Hans-SG" find framescope_zh_CN.qm while "zh-TW" and
// "zh-Hant-HK" (Traditional script, usual territory TW) do not fall back to Simplified.
QStringList candidateNames(const QString &uiLanguage)
{
    QString name = uiLanguage;
    name.replace(QLatin1Char('-'), QLatin1Char('_'));
    QStringList names{name};
    const QLocale parsed(name);
    if (parsed.language() != QLocale::C) {
        const QString usual =
            QLocale(parsed.language(), parsed.script(), QLocale::AnyTerritory).name();
        if (!names.contains(usual))
            names.append(usual);
    }
    const QString language = name.section(QLatin1Char('_'), 0, 0);
    if (!names.contains(language))
        names.append(language);
    return names;
}
} // namespace

QString installTranslators(QCoreApplication *app, const QLocale &locale)
{
    removeInstalled(app);
    // QTranslator::load(QLocale, …) would skip an English first choice (there is no
    // framescope_en.qm) and fall through to the next language; the user's order wins here.
    for (const QString &uiLanguage : locale.uiLanguages()) {
        const QStringList names = candidateNames(uiLanguage);
        if (names.constLast() == QLatin1String("en") || names.constLast() == QLatin1String("C"))
            return {};
        for (const QString &name : names) {
            const QString file = QStringLiteral(":/i18n/framescope_%1.qm").arg(name);
            if (!QFile::exists(file))
                continue;
            auto *own = new QTranslator(app);
            own->setObjectName(kOwnName);
            if (!own->load(file)) {
                delete own;
                continue;
            }
            QCoreApplication::installTranslator(own);
            // Optional: qt6-translations-l10n may be missing; our own strings still apply.
            auto *qt = new QTranslator(app);
            qt->setObjectName(kQtName);
            if (qt->load(QStringLiteral("qtbase_%1").arg(name),
                         QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
                QCoreApplication::installTranslator(qt);
            else
                delete qt;
            return name;
        }
    }
    return {};
}

} // namespace framescope
