#pragma once

#include "http.h"

#include <QByteArray>

namespace framescope {

// RFC 7231 §6.1 reason phrase for `status` ("Unknown" for codes we do not name).
QByteArray httpReasonPhrase(int status);

// Serialises `response` as an HTTP/1.1 response. `withBody` adds Content-Length (unless the
// handler set it), Connection and the body; a 101 is sent without them.
QByteArray buildHttpResponse(const HttpResponse &response, bool withBody, bool keepAlive,
                             bool headRequest = false);

} // namespace framescope
