<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CloseCode</name>
    <message>
        <source>Normal closure: the purpose of the connection was fulfilled</source>
        <translation>正常关闭：连接已完成其使命</translation>
    </message>
    <message>
        <source>Going away: server shutting down or client leaving the page</source>
        <translation>离开（Going away）：服务器正在关闭或客户端离开了页面</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>Unsupported data: a type of data the endpoint cannot accept</source>
        <translation>不支持的数据：端点无法接受的数据类型</translation>
    </message>
    <message>
        <source>Reserved: must not be used</source>
        <translation>保留：不得使用</translation>
    </message>
    <message>
        <source>No status code received: the close frame had no payload</source>
        <translation>未收到状态码：关闭帧没有载荷</translation>
    </message>
    <message>
        <source>Abnormal closure: the connection was lost without a close frame</source>
        <translation>异常关闭：连接在没有关闭帧的情况下丢失</translation>
    </message>
    <message>
        <source>Invalid payload data: e.g. non-UTF-8 data in a text message</source>
        <translation>无效的载荷数据：例如文本消息中含有非 UTF-8 数据</translation>
    </message>
    <message>
        <source>Policy violation</source>
        <translation>违反策略</translation>
    </message>
    <message>
        <source>Message too big to process</source>
        <translation>消息过大，无法处理</translation>
    </message>
    <message>
        <source>Mandatory extension: the server did not negotiate an extension the client requires</source>
        <translation>缺少必需的扩展：服务器没有协商客户端要求的扩展</translation>
    </message>
    <message>
        <source>Internal error: an unexpected condition prevented the request</source>
        <translation>内部错误：意外情况导致请求无法完成</translation>
    </message>
    <message>
        <source>Service restart (IANA registry; not in RFC 6455)</source>
        <translation>服务重启（IANA 注册表；不在 RFC 6455 中）</translation>
    </message>
    <message>
        <source>Try again later (IANA registry; not in RFC 6455)</source>
        <translation>请稍后重试（IANA 注册表；不在 RFC 6455 中）</translation>
    </message>
    <message>
        <source>Bad gateway (IANA registry; not in RFC 6455)</source>
        <translation>网关错误（IANA 注册表；不在 RFC 6455 中）</translation>
    </message>
    <message>
        <source>TLS handshake failure: must not be sent on the wire</source>
        <translation>TLS 握手失败：不得在线路上发送</translation>
    </message>
    <message>
        <source>Registered for libraries, frameworks and applications (IANA)</source>
        <translation>已注册，供库、框架和应用程序使用（IANA）</translation>
    </message>
    <message>
        <source>Private use: application-defined</source>
        <translation>私有用途：由应用程序定义</translation>
    </message>
    <message>
        <source>Invalid: codes below 1000 are not used</source>
        <translation>无效：不使用 1000 以下的代码</translation>
    </message>
    <message>
        <source>Reserved for future versions of the protocol</source>
        <translation>保留给协议的未来版本</translation>
    </message>
</context>
<context>
    <name>JsonLog</name>
    <message>
        <source>event “%1” is not shown in the frame log</source>
        <translation>事件“%1”不会显示在帧日志中</translation>
    </message>
</context>
<context>
    <name>ServerOption</name>
    <message>
        <source>Subprotocol</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Protocol sent in the handshake response (empty: none)</source>
        <translation>握手响应中发送的 Sec-WebSocket-Protocol（留空：不发送）</translation>
    </message>
    <message>
        <source>Hold incoming close frames</source>
        <translation>挂起收到的关闭帧</translation>
    </message>
    <message>
        <source>open_websocket_close_frame: deliver close frames to the application; the close inspector then lets you choose the reply</source>
        <translation>open_websocket_close_frame：将关闭帧交给应用程序处理；随后可在关闭检查器中选择如何回复</translation>
    </message>
    <message>
        <source>Deliver ping frames</source>
        <translation>转交 Ping 帧</translation>
    </message>
    <message>
        <source>open_websocket_ping_frame: pings go to the application, no automatic pong</source>
        <translation>open_websocket_ping_frame：Ping 交给应用程序，不自动回复 Pong</translation>
    </message>
    <message>
        <source>Deliver pong frames</source>
        <translation>转交 Pong 帧</translation>
    </message>
    <message>
        <source>open_websocket_pong_frame: pongs go to the application</source>
        <translation>open_websocket_pong_frame：Pong 交给应用程序</translation>
    </message>
    <message>
        <source>permessage-deflate</source>
        <translation>permessage-deflate</translation>
    </message>
    <message>
        <source>websocket_compression: negotiate RFC 7692 compression when the client offers it</source>
        <translation>websocket_compression：客户端提供时协商 RFC 7692 压缩</translation>
    </message>
    <message>
        <source>Compress every message</source>
        <translation>压缩每条消息</translation>
    </message>
    <message>
        <source>websocket_compress_all: compress outgoing data messages without the COMPRESS flag</source>
        <translation>websocket_compress_all：没有 COMPRESS 标志的外发数据消息也压缩</translation>
    </message>
    <message>
        <source>Compression level</source>
        <translation>压缩级别</translation>
    </message>
    <message>
        <source>zlib level 1 (fast) - 9 (small)</source>
        <translation>zlib 级别 1（速度快）- 9（体积小）</translation>
    </message>
    <message>
        <source>Compress from (bytes)</source>
        <translation>压缩阈值（字节）</translation>
    </message>
    <message>
        <source>Smaller messages go out uncompressed</source>
        <translation>小于此值的消息不压缩发送</translation>
    </message>
    <message>
        <source>Server max window bits</source>
        <translation>服务器最大窗口位数</translation>
    </message>
    <message>
        <source>Upper bound for the server&apos;s LZ77 window (zlib cannot deflate with 8)</source>
        <translation>服务器 LZ77 窗口的上限（zlib 无法以 8 进行压缩）</translation>
    </message>
    <message>
        <source>Heartbeat check interval (s)</source>
        <translation>心跳检测间隔（秒）</translation>
    </message>
    <message>
        <source>Ping idle connections every N seconds (0: off)</source>
        <translation>每 N 秒 Ping 一次空闲连接（0：关闭）</translation>
    </message>
    <message>
        <source>Heartbeat idle time (s)</source>
        <translation>心跳空闲时间（秒）</translation>
    </message>
    <message>
        <source>Close connections idle longer than this (0: off)</source>
        <translation>关闭空闲超过此时长的连接（0：关闭）</translation>
    </message>
    <message>
        <source>Max connections</source>
        <translation>最大连接数</translation>
    </message>
    <message>
        <source>More connections get 503 on the handshake</source>
        <translation>超出的连接在握手时返回 503</translation>
    </message>
    <message>
        <source>Max push size (bytes)</source>
        <translation>最大推送大小（字节）</translation>
    </message>
    <message>
        <source>buffer_output_size: the largest payload one push may send</source>
        <translation>buffer_output_size：单次推送可发送的最大载荷</translation>
    </message>
    <message>
        <source>Max frame size (bytes)</source>
        <translation>最大帧大小（字节）</translation>
    </message>
    <message>
        <source>Larger incoming frames are closed with 1009</source>
        <translation>收到更大的帧时以 1009 关闭连接</translation>
    </message>
    <message>
        <source>Max message size (bytes)</source>
        <translation>最大消息大小（字节）</translation>
    </message>
    <message>
        <source>Larger incoming messages (also after inflating) are closed with 1009</source>
        <translation>收到更大的消息（包括解压后）时以 1009 关闭连接</translation>
    </message>
    <message>
        <source>Handshake timeout (ms)</source>
        <translation>握手超时（毫秒）</translation>
    </message>
    <message>
        <source>TCP connections without a complete handshake are closed after this</source>
        <translation>超过此时长仍未完成握手的 TCP 连接将被关闭</translation>
    </message>
    <message>
        <source>Max handshake size (bytes)</source>
        <translation>最大握手大小（字节）</translation>
    </message>
    <message>
        <source>Larger request heads get 431</source>
        <translation>请求头更大时返回 431</translation>
    </message>
    <message>
        <source>Max HTTP body (bytes)</source>
        <translation>最大 HTTP 请求体（字节）</translation>
    </message>
    <message>
        <source>Largest request body for the HTTP control API</source>
        <translation>HTTP 控制 API 的最大请求体</translation>
    </message>
    <message>
        <source>Close timeout (ms)</source>
        <translation>关闭超时（毫秒）</translation>
    </message>
    <message>
        <source>How long to wait for the peer&apos;s close frame before dropping TCP</source>
        <translation>断开 TCP 之前等待对端关闭帧的时长</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>工作线程</translation>
    </message>
    <message>
        <source>reactor_num: threads that own the sockets</source>
        <translation>reactor_num：持有套接字的线程数</translation>
    </message>
    <message>
        <source>TCP_NODELAY</source>
        <translation>TCP_NODELAY</translation>
    </message>
    <message>
        <source>Disable Nagle&apos;s algorithm on accepted sockets</source>
        <translation>在已接受的套接字上禁用 Nagle 算法</translation>
    </message>
    <message>
        <source>TLS certificate file</source>
        <translation>TLS 证书文件</translation>
    </message>
    <message>
        <source>PEM certificate (chain): serve wss:// and https:// on the port (empty: no TLS)</source>
        <translation>PEM 证书（链）：在该端口上提供 wss:// 和 https://（留空：不启用 TLS）</translation>
    </message>
    <message>
        <source>TLS key file</source>
        <translation>TLS 私钥文件</translation>
    </message>
    <message>
        <source>PEM private key; an encrypted one takes its passphrase from FRAMESCOPE_SSL_KEY_PASSPHRASE</source>
        <translation>PEM 私钥；加密的私钥从 FRAMESCOPE_SSL_KEY_PASSPHRASE 读取口令</translation>
    </message>
    <message>
        <source>TLS mode</source>
        <translation>TLS 模式</translation>
    </message>
    <message>
        <source>both: plain ws:// too, told apart by the first byte; only: plain connections get HTTP 400 and are closed</source>
        <translation>both：同时接受明文 ws://，按首字节区分；only：明文连接收到 HTTP 400 后被关闭</translation>
    </message>
    <message>
        <source>TLS versions</source>
        <translation>TLS 版本</translation>
    </message>
    <message>
        <source>TLSv1.2 and/or TLSv1.3</source>
        <translation>TLSv1.2 和/或 TLSv1.3</translation>
    </message>
    <message>
        <source>TLS 1.2 ciphers</source>
        <translation>TLS 1.2 加密套件</translation>
    </message>
    <message>
        <source>OpenSSL cipher list (empty: OpenSSL&apos;s default)</source>
        <translation>OpenSSL 加密套件列表（留空：OpenSSL 默认值）</translation>
    </message>
    <message>
        <source>Client certificate CA file</source>
        <translation>客户端证书 CA 文件</translation>
    </message>
    <message>
        <source>PEM CA certificate(s): ask clients for a certificate signed by them</source>
        <translation>PEM CA 证书：要求客户端提供由其签发的证书</translation>
    </message>
    <message>
        <source>Require a client certificate</source>
        <translation>要求客户端证书</translation>
    </message>
    <message>
        <source>ssl_verify_peer: refuse clients without a certificate signed by the client certificate CA</source>
        <translation>ssl_verify_peer：拒绝没有由客户端证书 CA 签发之证书的客户端</translation>
    </message>
    <message>
        <source>Held close timeout (ms)</source>
        <translation>挂起关闭帧超时（毫秒）</translation>
    </message>
    <message>
        <source>With held close frames: drop TCP when no reply was chosen within this time (0: wait for the reply)</source>
        <translation>挂起关闭帧时：如果在此时间内未选择回复，则断开 TCP（0：一直等待回复）</translation>
    </message>
</context>
<context>
    <name>framescope</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 B</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1 KiB</source>
        <translation>%1 KiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接丢失</translation>
    </message>
    <message>
        <source>in</source>
        <translation>收</translation>
    </message>
    <message>
        <source>out</source>
        <translation>发</translation>
    </message>
    <message>
        <source>… %1 more bytes not shown
</source>
        <translation>… 还有 %1 字节未显示
</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>REJECTED</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>PROTOCOL ERROR</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>DISCONNECTED</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>SERVER ERROR</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <source>NOT SENT</source>
        <translation>未发送</translation>
    </message>
    <message>
        <source>%1 %2 from %3:%4</source>
        <translation>%1 %2 来自 %3:%4</translation>
    </message>
    <message>
        <source> · subprotocol %1</source>
        <translation> · 子协议 %1</translation>
    </message>
    <message>
        <source> · %1</source>
        <translation> · %1</translation>
    </message>
    <message>
        <source>HTTP %1 %2</source>
        <translation>HTTP %1 %2</translation>
    </message>
    <message>
        <source>%1 → close %2</source>
        <translation>%1 → 关闭 %2</translation>
    </message>
    <message>
        <source>code %1%2 · closed by %3 · %4</source>
        <translation>代码 %1%2 · 关闭方：%3 · %4</translation>
    </message>
    <message>
        <source>handshake %1</source>
        <translation>握手 %1</translation>
    </message>
    <message>
        <source>no closing handshake</source>
        <translation>没有关闭握手</translation>
    </message>
    <message>
        <source>TCP connection closed (no WebSocket)</source>
        <translation>TCP 连接已关闭（非 WebSocket）</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>回显</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>静默</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>广播</translation>
    </message>
    <message>
        <source>Line %1 (“%2”): %3</source>
        <translation>第 %1 行（“%2”）：%3</translation>
    </message>
    <message>
        <source>write Name: value</source>
        <translation>请写成 名称: 值</translation>
    </message>
    <message>
        <source>the name must be an HTTP token (letters, digits, -)</source>
        <translation>名称必须是 HTTP 令牌（字母、数字、-）</translation>
    </message>
    <message>
        <source>the value must be printable ASCII</source>
        <translation>值必须是可打印的 ASCII 字符</translation>
    </message>
</context>
<context>
    <name>framescope::CloseInspector</name>
    <message>
        <source>Echo the close</source>
        <translation>回显关闭帧</translation>
    </message>
    <message>
        <source>Reply with the same code and reason (what a server normally does)</source>
        <translation>以相同的代码和原因回复（服务器的常规做法）</translation>
    </message>
    <message>
        <source>Any code: invalid ones are sent as they are, to test clients</source>
        <translation>任意代码：无效代码按原样发送，用于测试客户端</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Reply with code</source>
        <translation>以指定代码回复</translation>
    </message>
    <message>
        <source>Drop TCP</source>
        <translation>断开 TCP</translation>
    </message>
    <message>
        <source>Reset the TCP connection without a close frame</source>
        <translation>不发送关闭帧，直接重置 TCP 连接</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Initiated by</source>
        <translation>发起方</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>held: waiting for your reply</source>
        <translation>已挂起：等待您的回复</translation>
    </message>
    <message>
        <source>connection lost (1006)</source>
        <translation>连接丢失（1006）</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>&lt;p&gt;No connection has closed yet.&lt;/p&gt;&lt;p&gt;Every closing handshake appears here: the close frames in order, the code and its meaning, who started it and how long it took.&lt;/p&gt;</source>
        <translation>&lt;p&gt;还没有连接关闭。&lt;/p&gt;&lt;p&gt;每次关闭握手都会显示在这里：按顺序列出的关闭帧、关闭码及其含义、由谁发起以及耗时多久。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Connection fd %1</source>
        <translation>连接 fd %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>“%1” (%2 bytes)</source>
        <translation>“%1”（%2 字节）</translation>
    </message>
    <message>
        <source>none: the TCP connection was lost without a close frame (1006)</source>
        <translation>无：TCP 连接在没有关闭帧的情况下丢失（1006）</translation>
    </message>
    <message>
        <source>Handshake took</source>
        <translation>握手耗时</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>协议错误</translation>
    </message>
    <message>
        <source>Close frames</source>
        <translation>关闭帧</translation>
    </message>
    <message>
        <source>No close frame was exchanged.</source>
        <translation>没有交换关闭帧。</translation>
    </message>
    <message>
        <source>invalid: a 1-byte close payload (RFC 6455 §5.5.1)</source>
        <translation>无效：关闭载荷只有 1 字节（RFC 6455 §5.5.1）</translation>
    </message>
    <message>
        <source>valid: empty payload, reported as 1005 (never on the wire)</source>
        <translation>有效：空载荷，报告为 1005（从不出现在线路上）</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>无效：%1</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>⬇ client → server</source>
        <translation>⬇ 客户端 → 服务器</translation>
    </message>
    <message>
        <source>⬆ server → client</source>
        <translation>⬆ 服务器 → 客户端</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>(no reason)</source>
        <translation>（无原因）</translation>
    </message>
    <message>
        <source>fd %1 sent close %2 %3. The server holds it (open_websocket_close_frame): choose the reply.</source>
        <translation>fd %1 发送了关闭帧 %2 %3。服务器已将其挂起（open_websocket_close_frame）：请选择回复。</translation>
    </message>
    <message>
        <source>Echo %1</source>
        <translation>回显 %1</translation>
    </message>
    <message>
        <source>Without a reply the server drops the TCP connection in %1 s (held_close_timeout_ms = %2).</source>
        <translation>如果不回复，服务器将在 %1 秒后断开 TCP 连接（held_close_timeout_ms = %2）。</translation>
    </message>
    <message>
        <source>It waits for your reply (held_close_timeout_ms = 0).</source>
        <translation>服务器会一直等待您的回复（held_close_timeout_ms = 0）。</translation>
    </message>
</context>
<context>
    <name>framescope::ConnectionModel</name>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>TCP closed</source>
        <translation>TCP 已关闭</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>websocket_status</source>
        <translation>websocket_status</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>压缩</translation>
    </message>
    <message>
        <source>Frames in</source>
        <translation>收到帧</translation>
    </message>
    <message>
        <source>Frames out</source>
        <translation>发出帧</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>收到字节</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>发出字节</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>关闭码</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>关闭方</translation>
    </message>
    <message>
        <source>answered instead of 101 Switching Protocols</source>
        <translation>未以 101 Switching Protocols 应答</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origin</translation>
    </message>
    <message>
        <source>User-Agent</source>
        <translation>User-Agent</translation>
    </message>
    <message>
        <source>RTT</source>
        <translation>RTT</translation>
    </message>
</context>
<context>
    <name>framescope::ExportDialog</name>
    <message>
        <source>Export frame log</source>
        <translation>导出帧日志</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>JSON Lines: one event per line, as the headless log writes it; Import reads it back</source>
        <translation>JSON Lines：每行一个事件，与无界面日志格式相同；可通过导入重新读取</translation>
    </message>
    <message>
        <source>HAR 1.2 with WebSocket messages: one entry per connection, opens in browser DevTools and HAR viewers</source>
        <translation>HAR 1.2（含 WebSocket 消息）：每个连接一个条目，可在浏览器开发者工具和 HAR 查看器中打开</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>所有行（%1）</translation>
    </message>
    <message>
        <source>Only the rows shown by the filter (%1)</source>
        <translation>仅过滤器显示的行（%1）</translation>
    </message>
    <message>
        <source>The filter shows every row</source>
        <translation>过滤器显示了所有行</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>HTTP Archive (*.har);;All files (*)</source>
        <translation>HTTP 存档 (*.har);;所有文件 (*)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>framescope::FrameLogModel</name>
    <message>
        <source>1 deflate</source>
        <translation>1 deflate</translation>
    </message>
    <message>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <source>[compressed] </source>
        <translation>[已压缩] </translation>
    </message>
    <message>
        <source>RSV1: set on the first frame of a permessage-deflate compressed message</source>
        <translation>RSV1：在 permessage-deflate 压缩消息的第一帧上置位</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>操作码</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>RSV1</source>
        <translation>RSV1</translation>
    </message>
    <message>
        <source>RSV23</source>
        <translation>RSV23</translation>
    </message>
    <message>
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <source>Wire</source>
        <translation>线上</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>RSV1 bit: 1 = compressed (permessage-deflate)</source>
        <translation>RSV1 位：1 = 已压缩（permessage-deflate）</translation>
    </message>
    <message>
        <source>RSV2 and RSV3 bits (no extension defines them)</source>
        <translation>RSV2 和 RSV3 位（没有扩展定义它们）</translation>
    </message>
    <message>
        <source>MASK bit: client frames must be masked, server frames must not</source>
        <translation>MASK 位：客户端帧必须掩码，服务器帧不得掩码</translation>
    </message>
    <message>
        <source>Bytes on the wire: header and payload</source>
        <translation>线上字节数：帧头和载荷</translation>
    </message>
    <message>
        <source>Payload bytes on the wire (→ inflated message size when compressed)</source>
        <translation>线上载荷字节数（压缩时 → 解压后的消息大小）</translation>
    </message>
    <message>
        <source>raw frame (scenario) · </source>
        <translation>原始帧（场景） · </translation>
    </message>
    <message>
        <source>⚠ raw frame (scenario), invalid: %1 · </source>
        <translation>⚠ 原始帧（场景），无效：%1 · </translation>
    </message>
</context>
<context>
    <name>framescope::HandshakePanel</name>
    <message>
        <source>Reject the next handshakes</source>
        <translation>拒绝接下来的握手</translation>
    </message>
    <message>
        <source>The HTTP status the client gets instead of 101 (300-599)</source>
        <translation>客户端收到的 HTTP 状态码，代替 101（300-599）</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态码：</translation>
    </message>
    <message>
        <source>until cleared</source>
        <translation>直到清除</translation>
    </message>
    <message>
        <source>How many:</source>
        <translation>次数：</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>The next handshakes get this status; the connection is closed after the answer</source>
        <translation>接下来的握手收到此状态码；应答后关闭连接</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Accept handshakes again</source>
        <translation>重新接受握手</translation>
    </message>
    <message>
        <source>Extra response headers</source>
        <translation>额外的响应头</translation>
    </message>
    <message>
        <source>One per line, e.g.
X-Server: framescope
Set-Cookie: id=1</source>
        <translation>每行一个，例如
X-Server: framescope
Set-Cookie: id=1</translation>
    </message>
    <message>
        <source>Added to every 101 (beforeHandshakeResponse) and to rejections</source>
        <translation>添加到每个 101 应答（beforeHandshakeResponse）和每个拒绝应答</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>子协议</translation>
    </message>
    <message>
        <source>As in Settings</source>
        <translation>按设置</translation>
    </message>
    <message>
        <source>First one offered</source>
        <translation>客户端提供的第一个</translation>
    </message>
    <message>
        <source>This name:</source>
        <translation>此名称：</translation>
    </message>
    <message>
        <source>e.g. graphql-ws</source>
        <translation>例如 graphql-ws</translation>
    </message>
    <message>
        <source>Answered even when the client did not offer it (the client must then fail the connection, RFC 6455 §4.1)</source>
        <translation>即使客户端未提供也会应答（客户端随后必须使连接失败，RFC 6455 §4.1）</translation>
    </message>
    <message>
        <source>Handshakes are accepted again.</source>
        <translation>握手已重新被接受。</translation>
    </message>
    <message>
        <source>Type an HTTP status (300-599)</source>
        <translation>请输入 HTTP 状态码（300-599）</translation>
    </message>
    <message>
        <source>%1 is not a rejection: use 300-599</source>
        <translation>%1 不是拒绝状态码：请使用 300-599</translation>
    </message>
    <message>
        <source>Off: handshakes are accepted.</source>
        <translation>关闭：握手被接受。</translation>
    </message>
    <message>
        <source>Rejecting every handshake with HTTP %1 until cleared.</source>
        <translation>在清除之前，每个握手都以 HTTP %1 拒绝。</translation>
    </message>
    <message numerus="yes">
        <source>Rejecting the next %n handshake(s) with HTTP %1.</source>
        <translation>
            <numerusform>接下来的 %n 个握手将以 HTTP %1 拒绝。</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected so far: %1.</source>
        <translation>已拒绝：%1。</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>No extra headers.</source>
        <translation>没有额外的响应头。</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s) added to the next handshakes.</source>
        <translation>
            <numerusform>%n 个响应头将添加到接下来的握手。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not applied: a subprotocol is an HTTP token (letters, digits, -, no spaces).</source>
        <translation>未应用：子协议是 HTTP 令牌（字母、数字、-，不含空格）。</translation>
    </message>
    <message>
        <source>websocket_subprotocol is not set: the 101 names no subprotocol.</source>
        <translation>未设置 websocket_subprotocol：101 应答不指定子协议。</translation>
    </message>
    <message>
        <source>The 101 names “%1” (websocket_subprotocol) when the client offers it.</source>
        <translation>客户端提供时，101 应答指定“%1”（websocket_subprotocol）。</translation>
    </message>
    <message>
        <source>websocket_subprotocol “%1” still wins when the client offers it.</source>
        <translation>客户端提供时，websocket_subprotocol“%1”仍然优先。</translation>
    </message>
    <message>
        <source>Type a name: without one the 101 names no subprotocol.</source>
        <translation>请输入名称：没有名称时 101 应答不指定子协议。</translation>
    </message>
</context>
<context>
    <name>framescope::MainWindow</name>
    <message>
        <source>Framescope</source>
        <translation>Framescope</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Host </source>
        <translation>主机 </translation>
    </message>
    <message>
        <source>Address to listen on: 127.0.0.1, 0.0.0.0 (all IPv4), ::1, :: …</source>
        <translation>监听地址：127.0.0.1、0.0.0.0（所有 IPv4）、::1、:: …</translation>
    </message>
    <message>
        <source>  Port </source>
        <translation>  端口 </translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>TCP port; 0 picks a free one</source>
        <translation>TCP 端口；0 表示自动选择空闲端口</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Start or stop listening</source>
        <translation>开始或停止监听</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the WebSocket URL</source>
        <translation>复制 WebSocket URL</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>已复制 %1</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Open a frame log saved as JSON Lines</source>
        <translation>打开以 JSON Lines 格式保存的帧日志</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Use any free port</source>
        <translation>使用任意空闲端口</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connections&lt;/b&gt;</source>
        <translation>&lt;b&gt;连接&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Clear closed</source>
        <translation>清除已关闭</translation>
    </message>
    <message>
        <source>Remove closed connections from the table</source>
        <translation>从表格中移除已关闭的连接</translation>
    </message>
    <message>
        <source>&lt;b&gt;Frames&lt;/b&gt;</source>
        <translation>&lt;b&gt;帧&lt;/b&gt;</translation>
    </message>
    <message>
        <source>fd: all</source>
        <translation>fd：全部</translation>
    </message>
    <message>
        <source>Only these connections, e.g. 3 or 3,5,8</source>
        <translation>仅显示这些连接，例如 3 或 3,5,8</translation>
    </message>
    <message>
        <source>All frames and events</source>
        <translation>所有帧和事件</translation>
    </message>
    <message>
        <source>Data frames</source>
        <translation>数据帧</translation>
    </message>
    <message>
        <source>TEXT (1)</source>
        <translation>TEXT (1)</translation>
    </message>
    <message>
        <source>BINARY (2)</source>
        <translation>BINARY (2)</translation>
    </message>
    <message>
        <source>CONTINUATION (0)</source>
        <translation>CONTINUATION (0)</translation>
    </message>
    <message>
        <source>Control frames</source>
        <translation>控制帧</translation>
    </message>
    <message>
        <source>CLOSE (8)</source>
        <translation>CLOSE (8)</translation>
    </message>
    <message>
        <source>PING / PONG</source>
        <translation>PING / PONG</translation>
    </message>
    <message>
        <source>Connection events</source>
        <translation>连接事件</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>In and out</source>
        <translation>收和发</translation>
    </message>
    <message>
        <source>In (client → server)</source>
        <translation>收（客户端 → 服务器）</translation>
    </message>
    <message>
        <source>Out (server → client)</source>
        <translation>发（服务器 → 客户端）</translation>
    </message>
    <message>
        <source>Search payloads…</source>
        <translation>搜索载荷…</translation>
    </message>
    <message>
        <source>Autoscroll</source>
        <translation>自动滚动</translation>
    </message>
    <message>
        <source>Follow new frames while the view is at the bottom</source>
        <translation>视图位于底部时跟随新帧</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Empty the frame log (connections stay)</source>
        <translation>清空帧日志（连接保留）</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Close inspector</source>
        <translation>关闭检查器</translation>
    </message>
    <message>
        <source>fd %1 sent a close frame: choose the reply in the close inspector</source>
        <translation>fd %1 发送了关闭帧：请在关闭检查器中选择回复</translation>
    </message>
    <message>
        <source>No frame matches the filter.</source>
        <translation>没有符合过滤条件的帧。</translation>
    </message>
    <message>
        <source>No frames yet.

Connect a client to %1
for example in a browser console:
new WebSocket(&quot;%1&quot;)</source>
        <translation>还没有帧。

将客户端连接到 %1
例如在浏览器控制台中：
new WebSocket(&quot;%1&quot;)</translation>
    </message>
    <message>
        <source>The server is not listening.</source>
        <translation>服务器未在监听。</translation>
    </message>
    <message>
        <source>“%1” is not an IP address. Use e.g. 127.0.0.1, 0.0.0.0 or ::1.</source>
        <translation>“%1”不是 IP 地址。请使用例如 127.0.0.1、0.0.0.0 或 ::1。</translation>
    </message>
    <message>
        <source>Not listening: %1</source>
        <translation>未监听：%1</translation>
    </message>
    <message>
        <source>Warning: websocket_max_message_size (%1) is larger than buffer_output_size (%2): a message of more than %2 bytes is accepted, but pushing it back fails.</source>
        <translation>警告：websocket_max_message_size（%1）大于 buffer_output_size（%2）：超过 %2 字节的消息会被接受，但将其推送回去会失败。</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在监听 %1</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>使用端口 %1</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Framescope — %1</source>
        <translation>Framescope — %1</translation>
    </message>
    <message>
        <source>stopping: waiting for closing handshakes…</source>
        <translation>正在停止：等待关闭握手…</translation>
    </message>
    <message>
        <source>Framescope — stopping</source>
        <translation>Framescope — 正在停止</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>未监听</translation>
    </message>
    <message>
        <source>Framescope — not listening</source>
        <translation>Framescope — 未监听</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <source> (%1 shown)</source>
        <translation>（显示 %1 行）</translation>
    </message>
    <message>
        <source>dropped from view: %1</source>
        <translation>已从视图中丢弃：%1</translation>
    </message>
    <message>
        <source>⚠ not recorded (server queue full): %1</source>
        <translation>⚠ 未记录（服务器队列已满）：%1</translation>
    </message>
    <message>
        <source>autoscroll paused</source>
        <translation>自动滚动已暂停</translation>
    </message>
    <message>
        <source>autoscroll waits (scrolled up)</source>
        <translation>自动滚动等待中（已向上滚动）</translation>
    </message>
    <message>
        <source>imported: %1</source>
        <translation>已导入：%1</translation>
    </message>
    <message>
        <source>Select a connection to see its handshake, counters and ping round trips.</source>
        <translation>选择一个连接以查看其握手、计数器和 Ping 往返时间。</translation>
    </message>
    <message>
        <source>%1 connections selected.</source>
        <translation>已选择 %1 个连接。</translation>
    </message>
    <message>
        <source>fd %1 · %2:%3 · websocket_status %4
</source>
        <translation>fd %1 · %2:%3 · websocket_status %4
</translation>
    </message>
    <message>
        <source>Subprotocol: %1
</source>
        <translation>子协议：%1
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Extensions:  %1
</source>
        <translation>扩展：%1
</translation>
    </message>
    <message>
        <source>(none: no compression)</source>
        <translation>（无：不压缩）</translation>
    </message>
    <message>
        <source>Frames in %1 (%2) · out %3 (%4)
</source>
        <translation>收到帧 %1（%2）· 发出帧 %3（%4）
</translation>
    </message>
    <message>
        <source>Connected %1
</source>
        <translation>连接于 %1
</translation>
    </message>
    <message>
        <source>Ping RTT: no pong yet (use Ping in the send panel)
</source>
        <translation>Ping RTT：尚未收到 Pong（使用发送面板中的 Ping）
</translation>
    </message>
    <message>
        <source>Ping RTT: last %1 · previous %2
</source>
        <translation>Ping RTT：最近 %1 · 上一次 %2
</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Closed: code %1 %2 · by %3 · %4
</source>
        <translation>已关闭：代码 %1 %2 · 关闭方：%3 · %4
</translation>
    </message>
    <message>
        <source>closing handshake %1</source>
        <translation>关闭握手 %1</translation>
    </message>
    <message>
        <source>no closing handshake</source>
        <translation>没有关闭握手</translation>
    </message>
    <message>
        <source>Handshake rejected: HTTP %1 %2
</source>
        <translation>握手被拒绝：HTTP %1 %2
</translation>
    </message>
    <message>
        <source>── Handshake request (as received) ──</source>
        <translation>── 握手请求（按收到的原样） ──</translation>
    </message>
    <message>
        <source>(not received)
</source>
        <translation>（未收到）
</translation>
    </message>
    <message>
        <source>── Handshake response (as sent) ──</source>
        <translation>── 握手响应（按发送的原样） ──</translation>
    </message>
    <message>
        <source>(not sent)
</source>
        <translation>（未发送）
</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>已将 %1 行导出到 %2</translation>
    </message>
    <message>
        <source>the file holds no frames</source>
        <translation>文件中没有帧</translation>
    </message>
    <message>
        <source>Imported %1 rows from %2</source>
        <translation>已从 %2 导入 %1 行</translation>
    </message>
    <message>
        <source> (%1 lines skipped: %2)</source>
        <translation>（跳过了 %1 行：%2）</translation>
    </message>
    <message>
        <source>Export frame log</source>
        <translation>导出帧日志</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Import frame log</source>
        <translation>导入帧日志</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson *.log);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson *.log);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>TLS:         %1 · %2
</source>
        <translation>TLS：%1 · %2
</translation>
    </message>
    <message>
        <source>SNI: %1 · ALPN: %2 · client certificate: %3
</source>
        <translation>SNI：%1 · ALPN：%2 · 客户端证书：%3
</translation>
    </message>
    <message>
        <source>Back to live capture</source>
        <translation>返回实时捕获</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>复制行</translation>
    </message>
    <message>
        <source>.*</source>
        <translation>.*</translation>
    </message>
    <message>
        <source>Search with a regular expression (case-insensitive); matches are highlighted in the payload viewer</source>
        <translation>使用正则表达式搜索（不区分大小写）；匹配项会在载荷查看器中高亮显示</translation>
    </message>
    <message>
        <source>Selected only</source>
        <translation>仅选中连接</translation>
    </message>
    <message>
        <source>Show only the frames of the connections selected in the table</source>
        <translation>只显示表格中选中连接的帧</translation>
    </message>
    <message>
        <source>Time: absolute</source>
        <translation>时间：绝对</translation>
    </message>
    <message>
        <source>Time: since connection</source>
        <translation>时间：自连接起</translation>
    </message>
    <message>
        <source>Time: delta</source>
        <translation>时间：增量</translation>
    </message>
    <message>
        <source>Time column: wall clock, seconds since the connection opened, or seconds since the previous row shown</source>
        <translation>时间列：时钟时间、自连接打开以来的秒数，或距上一条显示行的秒数</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop updating the frame log view; the server and the capture go on, and the rows that arrive meanwhile appear on resume</source>
        <translation>停止更新帧日志视图；服务器和捕获照常进行，期间到达的行会在继续时显示</translation>
    </message>
    <message>
        <source>Copy the selected rows as shown (tab-separated)</source>
        <translation>按显示内容复制选中的行（制表符分隔）</translation>
    </message>
    <message>
        <source>Load into send panel</source>
        <translation>载入发送面板</translation>
    </message>
    <message>
        <source>The imported session has no rows.</source>
        <translation>导入的会话没有任何行。</translation>
    </message>
    <message>
        <source>Framescope — imported: %1</source>
        <translation>Framescope — 已导入：%1</translation>
    </message>
    <message>
        <source>%1 connections: %2 active, %3 opening or closing, %4 closed · %5 frames/s</source>
        <translation>%1 个连接：%2 个活动，%3 个正在建立或关闭，%4 个已关闭 · %5 帧/秒</translation>
    </message>
    <message>
        <source>%1 connections: %2 active, %3 closed · %4 frames/s</source>
        <translation>%1 个连接：%2 个活动，%3 个已关闭 · %4 帧/秒</translation>
    </message>
    <message>
        <source>⏸ view paused: %1 new rows held (capture goes on)</source>
        <translation>⏸ 视图已暂停：暂存了 %1 条新行（捕获仍在继续）</translation>
    </message>
    <message>
        <source>Not a regular expression: %1</source>
        <translation>不是有效的正则表达式：%1</translation>
    </message>
    <message>
        <source>Imported session: %1 — %2 rows, %3 connections (numbered as in the file). Live capture goes on: %4 new live rows meanwhile.</source>
        <translation>导入的会话：%1 — %2 行，%3 个连接（编号与文件中一致）。实时捕获仍在继续：期间新增 %4 行实时数据。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Copy payload as</source>
        <translation>复制载荷为</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>Pretty JSON</source>
        <translation>格式化 JSON</translation>
    </message>
    <message>
        <source>Copy rows as JSON Lines</source>
        <translation>复制行为 JSON Lines</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Time display</source>
        <translation>时间显示</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>服务器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Framescope</source>
        <translation>关于 Framescope(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Framescope %1&lt;/h3&gt;&lt;p&gt;A WebSocket test server with Swoole&apos;s semantics and a frame inspector.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;/p&gt;&lt;p&gt;Licences: Framescope is MIT-licensed. It uses Qt 6 (LGPLv3), zlib (zlib licence) and libdeflate (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Framescope %1&lt;/h3&gt;&lt;p&gt;一个具有 Swoole 语义的 WebSocket 测试服务器和帧检查器。&lt;/p&gt;&lt;p&gt;Qt %2（构建时使用 %3）&lt;/p&gt;&lt;p&gt;许可证：Framescope 采用 MIT 许可证。它使用 Qt 6（LGPLv3）、zlib（zlib 许可证）和 libdeflate（MIT）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Framescope</source>
        <translation>关于 Framescope</translation>
    </message>
    <message>
        <source>Copied %1 characters</source>
        <translation>已复制 %1 个字符</translation>
    </message>
    <message>
        <source>Loaded %1 bytes into the send panel</source>
        <translation>已将 %1 字节载入发送面板</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>复制 URL</translation>
    </message>
    <message>
        <source>Copy handshake headers</source>
        <translation>复制握手头</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Show scenarios</source>
        <translation>显示场景</translation>
    </message>
    <message>
        <source>Run scenario</source>
        <translation>运行场景</translation>
    </message>
    <message>
        <source>Select one connection</source>
        <translation>请选择一个连接</translation>
    </message>
    <message>
        <source>Run scenario (%1)</source>
        <translation>运行场景（%1）</translation>
    </message>
    <message>
        <source>Save the frame log (all rows or the shown ones) as JSON Lines or HAR</source>
        <translation>将帧日志（所有行或显示的行）保存为 JSON Lines 或 HAR</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Every message goes back to its sender</source>
        <translation>每条消息发回给发送者</translation>
    </message>
    <message>
        <source>Messages are received and logged, nothing is sent</source>
        <translation>接收并记录消息，不发送任何内容</translation>
    </message>
    <message>
        <source>Every message is relayed to every other established connection</source>
        <translation>每条消息转发给所有其他已建立的连接</translation>
    </message>
    <message>
        <source>What the server does with a client&apos;s message; applies to the next message, no restart</source>
        <translation>服务器如何处理客户端的消息；从下一条消息起生效，无需重启</translation>
    </message>
    <message>
        <source>Mode: %1 (from the next message on)</source>
        <translation>模式：%1（从下一条消息起）</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>握手</translation>
    </message>
    <message>
        <source>Handshake (rejecting)</source>
        <translation>握手（拒绝中）</translation>
    </message>
    <message>
        <source>Handshake (rejecting %1)</source>
        <translation>握手（拒绝 %1 个）</translation>
    </message>
    <message>
        <source>Handshake control</source>
        <translation>握手控制</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
</context>
<context>
    <name>framescope::PayloadViewer</name>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Select a frame in the log to see its payload.</source>
        <translation>在日志中选择一帧以查看其载荷。</translation>
    </message>
    <message>
        <source>%1 · fd %2 · %3</source>
        <translation>%1 · fd %2 · %3</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>响应：</translation>
    </message>
    <message>
        <source>fd %1</source>
        <translation>fd %1</translation>
    </message>
    <message>
        <source>FIN %1</source>
        <translation>FIN %1</translation>
    </message>
    <message>
        <source>RSV1 1 (compressed)</source>
        <translation>RSV1 1（已压缩）</translation>
    </message>
    <message>
        <source>RSV1 0</source>
        <translation>RSV1 0</translation>
    </message>
    <message>
        <source>RSV2 %1 RSV3 %2</source>
        <translation>RSV2 %1 RSV3 %2</translation>
    </message>
    <message>
        <source>masked</source>
        <translation>已掩码</translation>
    </message>
    <message>
        <source>unmasked</source>
        <translation>未掩码</translation>
    </message>
    <message>
        <source>wire %1 B</source>
        <translation>线上 %1 B</translation>
    </message>
    <message>
        <source>payload %1 B</source>
        <translation>载荷 %1 B</translation>
    </message>
    <message>
        <source>inflated %1 B</source>
        <translation>解压后 %1 B</translation>
    </message>
    <message>
        <source>uncompressed %1 B</source>
        <translation>未压缩 %1 B</translation>
    </message>
    <message>
        <source>message of %1 fragments, %2 B</source>
        <translation>由 %1 个分片组成的消息，%2 B</translation>
    </message>
    <message>
        <source>Only the first %1 bytes were kept for viewing.</source>
        <translation>只保留了前 %1 字节用于查看。</translation>
    </message>
    <message>
        <source>Close code %1: %2
Reason: %3</source>
        <translation>关闭码 %1：%2
原因：%3</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Malformed close payload (1 byte)</source>
        <translation>格式错误的关闭载荷（1 字节）</translation>
    </message>
    <message>
        <source>Compressed payload (permessage-deflate). The uncompressed message is shown on the last frame of the message; see the Hex tab for the wire bytes.</source>
        <translation>压缩的载荷（permessage-deflate）。未压缩的消息显示在该消息的最后一帧上；线上字节请查看“十六进制”标签页。</translation>
    </message>
    <message>
        <source>(empty payload)</source>
        <translation>（空载荷）</translation>
    </message>
    <message>
        <source>Wire payload (compressed, %1 bytes):
</source>
        <translation>线上载荷（已压缩，%1 字节）：
</translation>
    </message>
    <message>
        <source>Message (%1 bytes, reassembled%2):
</source>
        <translation>消息（%1 字节，已重组%2）：
</translation>
    </message>
    <message>
        <source> and inflated</source>
        <translation>并解压</translation>
    </message>
    <message>
        <source>Fragments (%1 of this message still in the log):
</source>
        <translation>分片（本消息仍在日志中的有 %1 个）：
</translation>
    </message>
    <message>
        <source>  #%1  %2  %3  FIN %4  RSV1 %5  %6 B  %7
</source>
        <translation>  #%1  %2  %3  FIN %4  RSV1 %5  %6 B  %7
</translation>
    </message>
    <message>
        <source>
The message continues after this frame.
</source>
        <translation>
消息在此帧之后继续。
</translation>
    </message>
    <message>
        <source>Reassembled and inflated (%1 bytes):
</source>
        <translation>已重组并解压（%1 字节）：
</translation>
    </message>
    <message>
        <source>Reassembled (%1 bytes):
</source>
        <translation>已重组（%1 字节）：
</translation>
    </message>
    <message>
        <source>One compressed frame: %1 bytes on the wire, %2 bytes inflated (%3%).</source>
        <translation>一个压缩帧：线上 %1 字节，解压后 %2 字节（%3%）。</translation>
    </message>
    <message>
        <source>Binary payload (%1 bytes):
</source>
        <translation>二进制载荷（%1 字节）：
</translation>
    </message>
    <message>
        <source>Not valid UTF-8 (%1 bytes):
</source>
        <translation>不是有效的 UTF-8（%1 字节）：
</translation>
    </message>
</context>
<context>
    <name>framescope::ScenarioPanel</name>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>informational</source>
        <translation>仅供参考</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>RFC section</source>
        <translation>RFC 章节</translation>
    </message>
    <message>
        <source>Run on selected connection</source>
        <translation>在所选连接上运行</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Every verdict so far as JSON or JUnit XML (as GET /report)</source>
        <translation>迄今为止的所有判定，导出为 JSON 或 JUnit XML（与 GET /report 相同）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Client did</source>
        <translation>客户端行为</translation>
    </message>
    <message>
        <source>Select a run to see its verdict in detail and its connection&apos;s frames in the log</source>
        <translation>选择一次运行，查看其判定详情，并在日志中查看其连接的帧</translation>
    </message>
    <message>
        <source>Scenarios are not available</source>
        <translation>场景不可用</translation>
    </message>
    <message>
        <source>Select a scenario</source>
        <translation>请选择一个场景</translation>
    </message>
    <message>
        <source>Select a connection</source>
        <translation>请选择一个连接</translation>
    </message>
    <message>
        <source>fd %1 is closed</source>
        <translation>fd %1 已关闭</translation>
    </message>
    <message>
        <source>fd %1 is not an established WebSocket connection</source>
        <translation>fd %1 不是已建立的 WebSocket 连接</translation>
    </message>
    <message>
        <source>fd %1 already runs or ran a scenario</source>
        <translation>fd %1 正在运行或已运行过场景</translation>
    </message>
    <message>
        <source>Run %1 on fd %2</source>
        <translation>在 fd %2 上运行 %1</translation>
    </message>
    <message>
        <source>%1 did not start on fd %2: %3</source>
        <translation>%1 未能在 fd %2 上启动：%3</translation>
    </message>
    <message>
        <source>%1 on fd %2%3 (%4)
Verdict: %5
Expected: %6
Client did: %7</source>
        <translation>%1，fd %2%3（%4）
判定：%5
预期：%6
客户端行为：%7</translation>
    </message>
    <message>
        <source>, agent %1</source>
        <translation>，代理 %1</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>Duration: %1 ms</source>
        <translation>耗时：%1 毫秒</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Export scenario report</source>
        <translation>导出场景报告</translation>
    </message>
    <message>
        <source>JSON report (*.json);;JUnit XML (*.xml)</source>
        <translation>JSON 报告 (*.json);;JUnit XML (*.xml)</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>报告已写入 %1</translation>
    </message>
    <message>
        <source>What the server does</source>
        <translation>服务器的操作</translation>
    </message>
    <message>
        <source>%1 (%2)

%3

Expected: %4
Timeout: %5 ms</source>
        <translation>%1（%2）

%3

预期：%4
超时：%5 毫秒</translation>
    </message>
</context>
<context>
    <name>framescope::SendPanel</name>
    <message>
        <source>Push</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>二进制（十六进制）</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Unchecked: this frame starts (or continues) a fragmented message</source>
        <translation>不勾选：此帧开始（或继续）一条分片消息</translation>
    </message>
    <message>
        <source>COMPRESS</source>
        <translation>COMPRESS</translation>
    </message>
    <message>
        <source>permessage-deflate (RSV1) when the connection negotiated it</source>
        <translation>使用 permessage-deflate 压缩（RSV1），前提是连接已协商该扩展</translation>
    </message>
    <message>
        <source>Message to push, e.g. {&quot;hello&quot;: &quot;world&quot;}</source>
        <translation>要推送的消息，例如 {&quot;hello&quot;: &quot;world&quot;}</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Broadcast to all</source>
        <translation>广播给所有连接</translation>
    </message>
    <message>
        <source>Push to every established connection ($server-&gt;broadcast)</source>
        <translation>推送到每个已建立的连接（$server-&gt;broadcast）</translation>
    </message>
    <message>
        <source>Ping and close</source>
        <translation>Ping 和关闭</translation>
    </message>
    <message>
        <source>optional payload (≤ 125 bytes)</source>
        <translation>可选载荷（≤ 125 字节）</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>4000 private use (4000-4999)</source>
        <translation>4000 私有用途（4000-4999）</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>关闭码：</translation>
    </message>
    <message>
        <source>reason (UTF-8, ≤ 123 bytes)</source>
        <translation>原因（UTF-8，≤ 123 字节）</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Start the closing handshake with this code and reason</source>
        <translation>以此代码和原因开始关闭握手</translation>
    </message>
    <message>
        <source>Drop TCP</source>
        <translation>断开 TCP</translation>
    </message>
    <message>
        <source>Reset the TCP connection without a close frame (client sees 1006)</source>
        <translation>不发送关闭帧，直接重置 TCP 连接（客户端看到 1006）</translation>
    </message>
    <message>
        <source>Target: fd %1</source>
        <translation>目标：fd %1</translation>
    </message>
    <message>
        <source>Select a connection in the table to push, ping or close it; broadcast reaches every connection.</source>
        <translation>在表格中选择一个连接，即可对其推送、Ping 或关闭；广播会发送到每个连接。</translation>
    </message>
    <message>
        <source>Send final continuation</source>
        <translation>发送最后一个后续分片</translation>
    </message>
    <message>
        <source>Send continuation</source>
        <translation>发送后续分片</translation>
    </message>
    <message>
        <source>Send first fragment</source>
        <translation>发送第一个分片</translation>
    </message>
    <message>
        <source>not hex: use pairs of 0-9 a-f</source>
        <translation>不是十六进制：请使用 0-9 a-f 组成的字符对</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 字节</translation>
    </message>
    <message>
        <source> · continuation of the open fragmented message</source>
        <translation> · 当前未完成的分片消息的后续分片</translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 / %2 字节</translation>
    </message>
    <message>
        <source>%1/%2 B</source>
        <translation>%1/%2 B</translation>
    </message>
    <message>
        <source>RFC 6455 §5.5.1: a close reason is at most 123 bytes</source>
        <translation>RFC 6455 §5.5.1：关闭原因最多 123 字节</translation>
    </message>
    <message>
        <source>Type a close code</source>
        <translation>输入关闭码</translation>
    </message>
    <message>
        <source>Reason is %1 bytes; at most %2 fit in a close frame.</source>
        <translation>原因有 %1 字节；关闭帧最多只能容纳 %2 字节。</translation>
    </message>
    <message numerus="yes">
        <source>Broadcast %1 bytes to %n connection(s).</source>
        <translation>
            <numerusform>已向 %n 个连接广播 %1 字节。</numerusform>
        </translation>
    </message>
    <message>
        <source>fd %1: %2</source>
        <translation>fd %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Pushed %1 bytes to %n connection(s).</source>
        <translation>
            <numerusform>已向 %n 个连接推送 %1 字节。</numerusform>
        </translation>
    </message>
    <message>
        <source>Ping sent; when the pong arrives, its round-trip time shows in the RTT column.</source>
        <translation>Ping 已发送；收到 Pong 后，往返时间会显示在 RTT 列中。</translation>
    </message>
    <message>
        <source>Closing with %1 “%2”.</source>
        <translation>正在以 %1 “%2” 关闭。</translation>
    </message>
    <message>
        <source>TCP connection dropped.</source>
        <translation>TCP 连接已断开。</translation>
    </message>
    <message>
        <source>3000 registered (3000-3999)</source>
        <translation>3000 已注册（3000-3999）</translation>
    </message>
    <message>
        <source>Pick a code or type one: 1000-1003, 1007-1014 or 3000-4999. 1000 and 4000-4999 go through disconnect(); the others are sent with sendClose()</source>
        <translation>选择或输入代码：1000-1003、1007-1014 或 3000-4999。1000 和 4000-4999 通过 disconnect() 发送；其他代码通过 sendClose() 发送</translation>
    </message>
    <message>
        <source>Push to the selected connection(s) (Ctrl+Enter in the payload)</source>
        <translation>推送到选中的连接（在载荷中按 Ctrl+Enter）</translation>
    </message>
    <message>
        <source>This is an imported session: push, ping and close work on live connections only (Back to live capture).</source>
        <translation>这是导入的会话：推送、Ping 和关闭只能用于实时连接（返回实时捕获）。</translation>
    </message>
    <message>
        <source>fd %1 is closed: nothing can be sent to it.</source>
        <translation>fd %1 已关闭：无法再向它发送任何内容。</translation>
    </message>
    <message>
        <source>fd %1 is not a WebSocket connection (no accepted handshake): only Drop TCP applies.</source>
        <translation>fd %1 不是 WebSocket 连接（握手未被接受）：只能使用“断开 TCP”。</translation>
    </message>
    <message>
        <source>fd %1 is closing: no more data frames or pings; the close can still be answered.</source>
        <translation>fd %1 正在关闭：不能再发送数据帧或 Ping；仍可回复关闭帧。</translation>
    </message>
    <message>
        <source>Off: the connection did not negotiate permessage-deflate (the client did not offer it, or websocket_compression is off), so a push cannot be compressed</source>
        <translation>不可用：该连接没有协商 permessage-deflate（客户端未提供，或 websocket_compression 已关闭），因此推送无法压缩</translation>
    </message>
    <message>
        <source>Select a connection that negotiated permessage-deflate to compress a push</source>
        <translation>选择一个已协商 permessage-deflate 的连接才能压缩推送</translation>
    </message>
    <message>
        <source>Binary (base64)</source>
        <translation>二进制（base64）</translation>
    </message>
    <message>
        <source>Binary (file)</source>
        <translation>二进制（文件）</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Choose the file a “Binary (file)” push sends</source>
        <translation>选择“二进制（文件）”推送要发送的文件</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>The last %1 messages sent: pick one to put it back in the editor</source>
        <translation>最近发送的 %1 条消息：选择一条放回编辑器</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>How the ping payload is read: UTF-8 text or hex bytes</source>
        <translation>ping 负载的读取方式：UTF-8 文本或十六进制字节</translation>
    </message>
    <message>
        <source>not base64: A-Z a-z 0-9 + / and = padding</source>
        <translation>不是 base64：A-Z a-z 0-9 + / 以及 = 填充</translation>
    </message>
    <message>
        <source>choose a file (File…)</source>
        <translation>请选择文件（文件…）</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>the file is %1 bytes, more than buffer_output_size (%2)</source>
        <translation>文件为 %1 字节，超过 buffer_output_size（%2）</translation>
    </message>
    <message>
        <source>the file is over buffer_output_size (%1)</source>
        <translation>文件超过 buffer_output_size（%1）</translation>
    </message>
    <message>
        <source>Send a file as one binary message</source>
        <translation>将文件作为一条二进制消息发送</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
</context>
<context>
    <name>framescope::SettingsDialog</name>
    <message>
        <source>Server settings</source>
        <translation>服务器设置</translation>
    </message>
    <message>
        <source>Options use the names of Swoole&apos;s WebSocket\Server::set(). They apply when the server starts; a running server restarts.</source>
        <translation>选项使用 Swoole 的 WebSocket\Server::set() 中的名称。它们在服务器启动时生效；正在运行的服务器会重新启动。</translation>
    </message>
    <message>
        <source>Rows kept in the frame log; the oldest are dropped in bulk</source>
        <translation>帧日志中保留的行数；最旧的行会被批量丢弃</translation>
    </message>
    <message>
        <source>Frame log rows</source>
        <translation>帧日志行数</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
</TS>
