#pragma once

#include <QString>

class QCoreApplication;
class QLocale;

namespace framescope {

// Installs the translators for the first language of locale.uiLanguages() that Framescope
// ships (":/i18n/framescope_<lang>.qm", embedded at build time) and, when the system has it,
// Qt's own qtbase_<lang>.qm so that standard buttons and dialogs match. English is the source
// language: an English locale installs nothing. Replaces translators an earlier call
// installed. Chinese in Simplified script (zh, zh_Hans, zh_CN, zh_SG) picks zh_CN;
// Traditional (zh_TW, zh_HK, zh_Hant) is not shipped and stays English. Returns the
// catalogue installed ("de", "zh_CN"), or an empty string for English.
QString installTranslators(QCoreApplication *app, const QLocale &locale);

} // namespace framescope
