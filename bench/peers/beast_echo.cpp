// Boost.Beast echo peer: one io_context thread, async accept/read/write per session, the
// shape of Beast's own websocket_server_async example with default stream options.
// Usage: beast_echo <port>   (0 = ephemeral); prints "listening on 127.0.0.1:<port>".
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session final : public std::enable_shared_from_this<Session>
{
public:
    explicit Session(tcp::socket &&socket) : m_ws(std::move(socket)) {}

    void start()
    {
        m_ws.read_message_max(64 * 1024 * 1024);
        m_ws.async_accept([self = shared_from_this()](beast::error_code ec) {
            if (!ec)
                self->read();
        });
    }

private:
    void read()
    {
        m_ws.async_read(m_buffer, [self = shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return;
            self->m_ws.text(self->m_ws.got_text());
            self->m_ws.async_write(self->m_buffer.data(),
                                   [self](beast::error_code ec2, std::size_t) {
                                       if (ec2)
                                           return;
                                       self->m_buffer.consume(self->m_buffer.size());
                                       self->read();
                                   });
        });
    }

    websocket::stream<beast::tcp_stream> m_ws;
    beast::flat_buffer m_buffer;
};

class Listener final : public std::enable_shared_from_this<Listener>
{
public:
    Listener(net::io_context &ioc, tcp::endpoint endpoint) : m_ioc(ioc), m_acceptor(ioc)
    {
        m_acceptor.open(endpoint.protocol());
        m_acceptor.set_option(net::socket_base::reuse_address(true));
        m_acceptor.bind(endpoint);
        m_acceptor.listen(net::socket_base::max_listen_connections);
    }
    unsigned short port() const { return m_acceptor.local_endpoint().port(); }
    void accept()
    {
        m_acceptor.async_accept(
            m_ioc, [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                if (!ec)
                    std::make_shared<Session>(std::move(socket))->start();
                self->accept();
            });
    }

private:
    net::io_context &m_ioc;
    tcp::acceptor m_acceptor;
};

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s <port>\n", argv[0]);
        return 2;
    }
    net::io_context ioc{1};
    auto listener = std::make_shared<Listener>(
        ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"),
                           static_cast<unsigned short>(std::atoi(argv[1]))));
    listener->accept();
    std::printf("listening on 127.0.0.1:%u\n", unsigned(listener->port()));
    std::fflush(stdout);
    ioc.run();
    return 0;
}
