#include "httpresponse.h"

namespace framescope {

QByteArray httpReasonPhrase(int status)
{
    switch (status) {
    case 101:
        return "Switching Protocols";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 422:
        return "Unprocessable Entity";
    case 426:
        return "Upgrade Required";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

QByteArray buildHttpResponse(const HttpResponse &response, bool withBody, bool keepAlive,
                             bool headRequest)
{
    QByteArray out;
    out.reserve(256 + response.body().size());
    out += "HTTP/1.1 ";
    out += QByteArray::number(response.statusCode());
    out += ' ';
    out += response.reasonPhrase().isEmpty() ? httpReasonPhrase(response.statusCode())
                                             : response.reasonPhrase();
    out += "\r\n";
    for (const auto &h : response.headers()) {
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    if (withBody) {
        if (!response.hasHeader("Content-Length")) {
            out += "Content-Length: ";
            out += QByteArray::number(response.body().size());
            out += "\r\n";
        }
        if (!response.hasHeader("Connection"))
            out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    }
    out += "\r\n";
    if (withBody && !headRequest)
        out += response.body();
    return out;
}

} // namespace framescope
