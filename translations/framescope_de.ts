<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>CloseCode</name>
    <message>
        <source>Normal closure: the purpose of the connection was fulfilled</source>
        <translation>Normales Schließen: Die Verbindung hat ihren Zweck erfüllt</translation>
    </message>
    <message>
        <source>Going away: server shutting down or client leaving the page</source>
        <translation>Going Away: Der Server fährt herunter oder der Client verlässt die Seite</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>Protokollfehler</translation>
    </message>
    <message>
        <source>Unsupported data: a type of data the endpoint cannot accept</source>
        <translation>Nicht unterstützte Daten: ein Datentyp, den der Endpunkt nicht annehmen kann</translation>
    </message>
    <message>
        <source>Reserved: must not be used</source>
        <translation>Reserviert: darf nicht verwendet werden</translation>
    </message>
    <message>
        <source>No status code received: the close frame had no payload</source>
        <translation>Kein Statuscode empfangen: Der Close-Frame hatte keine Payload</translation>
    </message>
    <message>
        <source>Abnormal closure: the connection was lost without a close frame</source>
        <translation>Abnormales Schließen: Die Verbindung ging ohne Close-Frame verloren</translation>
    </message>
    <message>
        <source>Invalid payload data: e.g. non-UTF-8 data in a text message</source>
        <translation>Ungültige Payload-Daten: z. B. kein UTF-8 in einer Textnachricht</translation>
    </message>
    <message>
        <source>Policy violation</source>
        <translation>Richtlinienverstoß</translation>
    </message>
    <message>
        <source>Message too big to process</source>
        <translation>Nachricht zu groß für die Verarbeitung</translation>
    </message>
    <message>
        <source>Mandatory extension: the server did not negotiate an extension the client requires</source>
        <translation>Erforderliche Erweiterung: Der Server hat eine Erweiterung, die der Client verlangt, nicht ausgehandelt</translation>
    </message>
    <message>
        <source>Internal error: an unexpected condition prevented the request</source>
        <translation>Interner Fehler: Ein unerwarteter Zustand hat die Bearbeitung verhindert</translation>
    </message>
    <message>
        <source>Service restart (IANA registry; not in RFC 6455)</source>
        <translation>Dienstneustart (IANA-Registry; nicht in RFC 6455)</translation>
    </message>
    <message>
        <source>Try again later (IANA registry; not in RFC 6455)</source>
        <translation>Später erneut versuchen (IANA-Registry; nicht in RFC 6455)</translation>
    </message>
    <message>
        <source>Bad gateway (IANA registry; not in RFC 6455)</source>
        <translation>Bad Gateway (IANA-Registry; nicht in RFC 6455)</translation>
    </message>
    <message>
        <source>TLS handshake failure: must not be sent on the wire</source>
        <translation>TLS-Handshake fehlgeschlagen: darf nicht auf der Leitung gesendet werden</translation>
    </message>
    <message>
        <source>Registered for libraries, frameworks and applications (IANA)</source>
        <translation>Registriert für Bibliotheken, Frameworks und Anwendungen (IANA)</translation>
    </message>
    <message>
        <source>Private use: application-defined</source>
        <translation>Private Nutzung: von der Anwendung definiert</translation>
    </message>
    <message>
        <source>Invalid: codes below 1000 are not used</source>
        <translation>Ungültig: Codes unter 1000 werden nicht verwendet</translation>
    </message>
    <message>
        <source>Reserved for future versions of the protocol</source>
        <translation>Reserviert für künftige Versionen des Protokolls</translation>
    </message>
</context>
<context>
    <name>JsonLog</name>
    <message>
        <source>event “%1” is not shown in the frame log</source>
        <translation>Ereignis „%1“ wird im Frame-Log nicht angezeigt</translation>
    </message>
</context>
<context>
    <name>ServerOption</name>
    <message>
        <source>Subprotocol</source>
        <translation>Subprotokoll</translation>
    </message>
    <message>
        <source>Sec-WebSocket-Protocol sent in the handshake response (empty: none)</source>
        <translation>Sec-WebSocket-Protocol in der Handshake-Antwort (leer: keins)</translation>
    </message>
    <message>
        <source>Hold incoming close frames</source>
        <translation>Eingehende Close-Frames zurückhalten</translation>
    </message>
    <message>
        <source>open_websocket_close_frame: deliver close frames to the application; the close inspector then lets you choose the reply</source>
        <translation>open_websocket_close_frame: Close-Frames an die Anwendung übergeben; die Antwort wählen Sie dann im Close-Inspektor</translation>
    </message>
    <message>
        <source>Deliver ping frames</source>
        <translation>Ping-Frames übergeben</translation>
    </message>
    <message>
        <source>open_websocket_ping_frame: pings go to the application, no automatic pong</source>
        <translation>open_websocket_ping_frame: Pings gehen an die Anwendung, kein automatisches Pong</translation>
    </message>
    <message>
        <source>Deliver pong frames</source>
        <translation>Pong-Frames übergeben</translation>
    </message>
    <message>
        <source>open_websocket_pong_frame: pongs go to the application</source>
        <translation>open_websocket_pong_frame: Pongs gehen an die Anwendung</translation>
    </message>
    <message>
        <source>permessage-deflate</source>
        <translation>permessage-deflate</translation>
    </message>
    <message>
        <source>websocket_compression: negotiate RFC 7692 compression when the client offers it</source>
        <translation>websocket_compression: Kompression nach RFC 7692 aushandeln, wenn der Client sie anbietet</translation>
    </message>
    <message>
        <source>Compress every message</source>
        <translation>Jede Nachricht komprimieren</translation>
    </message>
    <message>
        <source>websocket_compress_all: compress outgoing data messages without the COMPRESS flag</source>
        <translation>websocket_compress_all: ausgehende Datennachrichten auch ohne COMPRESS-Flag komprimieren</translation>
    </message>
    <message>
        <source>Compression level</source>
        <translation>Kompressionsstufe</translation>
    </message>
    <message>
        <source>zlib level 1 (fast) - 9 (small)</source>
        <translation>zlib-Stufe 1 (schnell) - 9 (klein)</translation>
    </message>
    <message>
        <source>Compress from (bytes)</source>
        <translation>Komprimieren ab (Bytes)</translation>
    </message>
    <message>
        <source>Smaller messages go out uncompressed</source>
        <translation>Kleinere Nachrichten werden unkomprimiert gesendet</translation>
    </message>
    <message>
        <source>Server max window bits</source>
        <translation>Max. Fensterbits (Server)</translation>
    </message>
    <message>
        <source>Upper bound for the server&apos;s LZ77 window (zlib cannot deflate with 8)</source>
        <translation>Obergrenze für das LZ77-Fenster des Servers (zlib kann nicht mit 8 komprimieren)</translation>
    </message>
    <message>
        <source>Heartbeat check interval (s)</source>
        <translation>Heartbeat-Prüfintervall (s)</translation>
    </message>
    <message>
        <source>Ping idle connections every N seconds (0: off)</source>
        <translation>Inaktive Verbindungen alle N Sekunden anpingen (0: aus)</translation>
    </message>
    <message>
        <source>Heartbeat idle time (s)</source>
        <translation>Heartbeat-Leerlaufzeit (s)</translation>
    </message>
    <message>
        <source>Close connections idle longer than this (0: off)</source>
        <translation>Verbindungen schließen, die länger inaktiv sind (0: aus)</translation>
    </message>
    <message>
        <source>Max connections</source>
        <translation>Max. Verbindungen</translation>
    </message>
    <message>
        <source>More connections get 503 on the handshake</source>
        <translation>Weitere Verbindungen erhalten beim Handshake 503</translation>
    </message>
    <message>
        <source>Max push size (bytes)</source>
        <translation>Max. Push-Größe (Bytes)</translation>
    </message>
    <message>
        <source>buffer_output_size: the largest payload one push may send</source>
        <translation>buffer_output_size: die größte Payload, die ein Push senden darf</translation>
    </message>
    <message>
        <source>Max frame size (bytes)</source>
        <translation>Max. Frame-Größe (Bytes)</translation>
    </message>
    <message>
        <source>Larger incoming frames are closed with 1009</source>
        <translation>Größere eingehende Frames werden mit 1009 geschlossen</translation>
    </message>
    <message>
        <source>Max message size (bytes)</source>
        <translation>Max. Nachrichtengröße (Bytes)</translation>
    </message>
    <message>
        <source>Larger incoming messages (also after inflating) are closed with 1009</source>
        <translation>Größere eingehende Nachrichten (auch nach dem Dekomprimieren) werden mit 1009 geschlossen</translation>
    </message>
    <message>
        <source>Handshake timeout (ms)</source>
        <translation>Handshake-Timeout (ms)</translation>
    </message>
    <message>
        <source>TCP connections without a complete handshake are closed after this</source>
        <translation>TCP-Verbindungen ohne vollständigen Handshake werden danach geschlossen</translation>
    </message>
    <message>
        <source>Max handshake size (bytes)</source>
        <translation>Max. Handshake-Größe (Bytes)</translation>
    </message>
    <message>
        <source>Larger request heads get 431</source>
        <translation>Größere Request-Header erhalten 431</translation>
    </message>
    <message>
        <source>Max HTTP body (bytes)</source>
        <translation>Max. HTTP-Body (Bytes)</translation>
    </message>
    <message>
        <source>Largest request body for the HTTP control API</source>
        <translation>Größter Request-Body für die HTTP-Steuerungs-API</translation>
    </message>
    <message>
        <source>Close timeout (ms)</source>
        <translation>Close-Timeout (ms)</translation>
    </message>
    <message>
        <source>How long to wait for the peer&apos;s close frame before dropping TCP</source>
        <translation>Wie lange auf den Close-Frame der Gegenstelle gewartet wird, bevor TCP abgebrochen wird</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>Worker-Threads</translation>
    </message>
    <message>
        <source>reactor_num: threads that own the sockets</source>
        <translation>reactor_num: Threads, denen die Sockets gehören</translation>
    </message>
    <message>
        <source>TCP_NODELAY</source>
        <translation>TCP_NODELAY</translation>
    </message>
    <message>
        <source>Disable Nagle&apos;s algorithm on accepted sockets</source>
        <translation>Nagle-Algorithmus auf angenommenen Sockets abschalten</translation>
    </message>
    <message>
        <source>TLS certificate file</source>
        <translation>TLS-Zertifikatsdatei</translation>
    </message>
    <message>
        <source>PEM certificate (chain): serve wss:// and https:// on the port (empty: no TLS)</source>
        <translation>PEM-Zertifikat (Kette): wss:// und https:// auf dem Port anbieten (leer: kein TLS)</translation>
    </message>
    <message>
        <source>TLS key file</source>
        <translation>TLS-Schlüsseldatei</translation>
    </message>
    <message>
        <source>PEM private key; an encrypted one takes its passphrase from FRAMESCOPE_SSL_KEY_PASSPHRASE</source>
        <translation>Privater PEM-Schlüssel; ein verschlüsselter nimmt sein Passwort aus FRAMESCOPE_SSL_KEY_PASSPHRASE</translation>
    </message>
    <message>
        <source>TLS mode</source>
        <translation>TLS-Modus</translation>
    </message>
    <message>
        <source>both: plain ws:// too, told apart by the first byte; only: plain connections get HTTP 400 and are closed</source>
        <translation>both: auch unverschlüsseltes ws://, am ersten Byte unterschieden; only: unverschlüsselte Verbindungen erhalten HTTP 400 und werden geschlossen</translation>
    </message>
    <message>
        <source>TLS versions</source>
        <translation>TLS-Versionen</translation>
    </message>
    <message>
        <source>TLSv1.2 and/or TLSv1.3</source>
        <translation>TLSv1.2 und/oder TLSv1.3</translation>
    </message>
    <message>
        <source>TLS 1.2 ciphers</source>
        <translation>TLS-1.2-Cipher</translation>
    </message>
    <message>
        <source>OpenSSL cipher list (empty: OpenSSL&apos;s default)</source>
        <translation>OpenSSL-Cipher-Liste (leer: Vorgabe von OpenSSL)</translation>
    </message>
    <message>
        <source>Client certificate CA file</source>
        <translation>CA-Datei für Client-Zertifikate</translation>
    </message>
    <message>
        <source>PEM CA certificate(s): ask clients for a certificate signed by them</source>
        <translation>PEM-CA-Zertifikat(e): Clients nach einem davon signierten Zertifikat fragen</translation>
    </message>
    <message>
        <source>Require a client certificate</source>
        <translation>Client-Zertifikat verlangen</translation>
    </message>
    <message>
        <source>ssl_verify_peer: refuse clients without a certificate signed by the client certificate CA</source>
        <translation>ssl_verify_peer: Clients ohne ein von der Client-Zertifikats-CA signiertes Zertifikat abweisen</translation>
    </message>
    <message>
        <source>Held close timeout (ms)</source>
        <translation>Timeout für gehaltene Close-Frames (ms)</translation>
    </message>
    <message>
        <source>With held close frames: drop TCP when no reply was chosen within this time (0: wait for the reply)</source>
        <translation>Bei gehaltenen Close-Frames: TCP trennen, wenn in dieser Zeit keine Antwort gewählt wurde (0: auf die Antwort warten)</translation>
    </message>
</context>
<context>
    <name>framescope</name>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
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
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>client</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>Verbindungsabbruch</translation>
    </message>
    <message>
        <source>in</source>
        <translation>ein</translation>
    </message>
    <message>
        <source>out</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>… %1 more bytes not shown
</source>
        <translation>… %1 weitere Bytes nicht angezeigt
</translation>
    </message>
    <message>
        <source>OPEN</source>
        <translation>GEÖFFNET</translation>
    </message>
    <message>
        <source>REJECTED</source>
        <translation>ABGELEHNT</translation>
    </message>
    <message>
        <source>PROTOCOL ERROR</source>
        <translation>PROTOKOLLFEHLER</translation>
    </message>
    <message>
        <source>CLOSED</source>
        <translation>GESCHLOSSEN</translation>
    </message>
    <message>
        <source>DISCONNECTED</source>
        <translation>GETRENNT</translation>
    </message>
    <message>
        <source>SERVER ERROR</source>
        <translation>SERVERFEHLER</translation>
    </message>
    <message>
        <source>%1 %2 from %3:%4</source>
        <translation>%1 %2 von %3:%4</translation>
    </message>
    <message>
        <source> · subprotocol %1</source>
        <translation> · Subprotokoll %1</translation>
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
        <translation>%1 → Close %2</translation>
    </message>
    <message>
        <source>code %1%2 · closed by %3 · %4</source>
        <translation>Code %1%2 · geschlossen von %3 · %4</translation>
    </message>
    <message>
        <source>handshake %1</source>
        <translation>Handshake %1</translation>
    </message>
    <message>
        <source>no closing handshake</source>
        <translation>kein Closing-Handshake</translation>
    </message>
    <message>
        <source>TCP connection closed (no WebSocket)</source>
        <translation>TCP-Verbindung geschlossen (kein WebSocket)</translation>
    </message>
    <message>
        <source>NOT SENT</source>
        <translation>NICHT GESENDET</translation>
    </message>
    <message>
        <source>echo</source>
        <translation>Echo</translation>
    </message>
    <message>
        <source>silent</source>
        <translation>stumm</translation>
    </message>
    <message>
        <source>broadcast</source>
        <translation>Broadcast</translation>
    </message>
    <message>
        <source>Line %1 (“%2”): %3</source>
        <translation>Zeile %1 („%2“): %3</translation>
    </message>
    <message>
        <source>write Name: value</source>
        <translation>Name: Wert schreiben</translation>
    </message>
    <message>
        <source>the name must be an HTTP token (letters, digits, -)</source>
        <translation>der Name muss ein HTTP-Token sein (Buchstaben, Ziffern, -)</translation>
    </message>
    <message>
        <source>the value must be printable ASCII</source>
        <translation>der Wert muss druckbares ASCII sein</translation>
    </message>
</context>
<context>
    <name>framescope::CloseInspector</name>
    <message>
        <source>Echo the close</source>
        <translation>Close zurücksenden</translation>
    </message>
    <message>
        <source>Reply with the same code and reason (what a server normally does)</source>
        <translation>Mit demselben Code und Grund antworten (das übliche Serververhalten)</translation>
    </message>
    <message>
        <source>Any code: invalid ones are sent as they are, to test clients</source>
        <translation>Beliebiger Code: Ungültige werden unverändert gesendet, um Clients zu testen</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Reply with code</source>
        <translation>Mit Code antworten</translation>
    </message>
    <message>
        <source>Drop TCP</source>
        <translation>TCP abbrechen</translation>
    </message>
    <message>
        <source>Reset the TCP connection without a close frame</source>
        <translation>TCP-Verbindung ohne Close-Frame zurücksetzen</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Initiated by</source>
        <translation>Ausgelöst von</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>held: waiting for your reply</source>
        <translation>gehalten: wartet auf Ihre Antwort</translation>
    </message>
    <message>
        <source>connection lost (1006)</source>
        <translation>Verbindungsabbruch (1006)</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>wird geschlossen</translation>
    </message>
    <message>
        <source>&lt;p&gt;No connection has closed yet.&lt;/p&gt;&lt;p&gt;Every closing handshake appears here: the close frames in order, the code and its meaning, who started it and how long it took.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Bisher wurde keine Verbindung geschlossen.&lt;/p&gt;&lt;p&gt;Jeder Closing-Handshake erscheint hier: die Close-Frames der Reihe nach, der Code und seine Bedeutung, wer ihn begonnen hat und wie lange er gedauert hat.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Connection fd %1</source>
        <translation>Verbindung fd %1</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>none: the TCP connection was lost without a close frame (1006)</source>
        <translation>keiner: Die TCP-Verbindung ging ohne Close-Frame verloren (1006)</translation>
    </message>
    <message>
        <source>Handshake took</source>
        <translation>Handshake-Dauer</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>Protocol error</source>
        <translation>Protokollfehler</translation>
    </message>
    <message>
        <source>Close frames</source>
        <translation>Close-Frames</translation>
    </message>
    <message>
        <source>No close frame was exchanged.</source>
        <translation>Es wurde kein Close-Frame ausgetauscht.</translation>
    </message>
    <message>
        <source>invalid: a 1-byte close payload (RFC 6455 §5.5.1)</source>
        <translation>ungültig: Close-Payload mit 1 Byte (RFC 6455 §5.5.1)</translation>
    </message>
    <message>
        <source>valid: empty payload, reported as 1005 (never on the wire)</source>
        <translation>gültig: leere Payload, gemeldet als 1005 (nie auf der Leitung)</translation>
    </message>
    <message>
        <source>invalid: %1</source>
        <translation>ungültig: %1</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>gültig</translation>
    </message>
    <message>
        <source>⬇ client → server</source>
        <translation>⬇ Client → Server</translation>
    </message>
    <message>
        <source>⬆ server → client</source>
        <translation>⬆ Server → Client</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>(no reason)</source>
        <translation>(kein Grund)</translation>
    </message>
    <message>
        <source>fd %1 sent close %2 %3. The server holds it (open_websocket_close_frame): choose the reply.</source>
        <translation>fd %1 hat Close %2 %3 gesendet. Der Server hält ihn zurück (open_websocket_close_frame): Wählen Sie die Antwort.</translation>
    </message>
    <message>
        <source>Echo %1</source>
        <translation>%1 zurücksenden</translation>
    </message>
    <message>
        <source>“%1” (%2 bytes)</source>
        <translation>„%1“ (%2 Bytes)</translation>
    </message>
    <message>
        <source>Without a reply the server drops the TCP connection in %1 s (held_close_timeout_ms = %2).</source>
        <translation>Ohne Antwort trennt der Server die TCP-Verbindung in %1 s (held_close_timeout_ms = %2).</translation>
    </message>
    <message>
        <source>It waits for your reply (held_close_timeout_ms = 0).</source>
        <translation>Er wartet auf Ihre Antwort (held_close_timeout_ms = 0).</translation>
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
        <translation>TCP geschlossen</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Gegenstelle</translation>
    </message>
    <message>
        <source>websocket_status</source>
        <translation>websocket_status</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>Subprotokoll</translation>
    </message>
    <message>
        <source>Compression</source>
        <translation>Kompression</translation>
    </message>
    <message>
        <source>Frames in</source>
        <translation>Frames ein</translation>
    </message>
    <message>
        <source>Frames out</source>
        <translation>Frames aus</translation>
    </message>
    <message>
        <source>Bytes in</source>
        <translation>Bytes ein</translation>
    </message>
    <message>
        <source>Bytes out</source>
        <translation>Bytes aus</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Close code</source>
        <translation>Close-Code</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Closed by</source>
        <translation>Geschlossen von</translation>
    </message>
    <message>
        <source>answered instead of 101 Switching Protocols</source>
        <translation>statt 101 Switching Protocols beantwortet</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>Pfad</translation>
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
        <translation>Frame-Log exportieren</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>JSON Lines: one event per line, as the headless log writes it; Import reads it back</source>
        <translation>JSON Lines: ein Ereignis pro Zeile, wie das Headless-Log es schreibt; Import liest es wieder ein</translation>
    </message>
    <message>
        <source>HAR 1.2 with WebSocket messages: one entry per connection, opens in browser DevTools and HAR viewers</source>
        <translation>HAR 1.2 mit WebSocket-Nachrichten: ein Eintrag pro Verbindung, öffnet sich in den Browser-DevTools und HAR-Viewern</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Alle Zeilen (%1)</translation>
    </message>
    <message>
        <source>Only the rows shown by the filter (%1)</source>
        <translation>Nur die vom Filter gezeigten Zeilen (%1)</translation>
    </message>
    <message>
        <source>The filter shows every row</source>
        <translation>Der Filter zeigt alle Zeilen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>HTTP Archive (*.har);;All files (*)</source>
        <translation>HTTP-Archiv (*.har);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson);;Alle Dateien (*)</translation>
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
        <translation>[komprimiert] </translation>
    </message>
    <message>
        <source>RSV1: set on the first frame of a permessage-deflate compressed message</source>
        <translation>RSV1: gesetzt im ersten Frame einer mit permessage-deflate komprimierten Nachricht</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Dir</source>
        <translation>Ri.</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Opcode</source>
        <translation>Opcode</translation>
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
        <translation>Maske</translation>
    </message>
    <message>
        <source>Wire</source>
        <translation>Leitung</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Payload</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>RSV1 bit: 1 = compressed (permessage-deflate)</source>
        <translation>RSV1-Bit: 1 = komprimiert (permessage-deflate)</translation>
    </message>
    <message>
        <source>RSV2 and RSV3 bits (no extension defines them)</source>
        <translation>RSV2- und RSV3-Bit (keine Erweiterung definiert sie)</translation>
    </message>
    <message>
        <source>MASK bit: client frames must be masked, server frames must not</source>
        <translation>MASK-Bit: Client-Frames müssen maskiert sein, Server-Frames dürfen es nicht</translation>
    </message>
    <message>
        <source>Bytes on the wire: header and payload</source>
        <translation>Bytes auf der Leitung: Header und Payload</translation>
    </message>
    <message>
        <source>Payload bytes on the wire (→ inflated message size when compressed)</source>
        <translation>Payload-Bytes auf der Leitung (→ dekomprimierte Nachrichtengröße bei Kompression)</translation>
    </message>
    <message>
        <source>raw frame (scenario) · </source>
        <translation>Roh-Frame (Szenario) · </translation>
    </message>
    <message>
        <source>⚠ raw frame (scenario), invalid: %1 · </source>
        <translation>⚠ Roh-Frame (Szenario), ungültig: %1 · </translation>
    </message>
</context>
<context>
    <name>framescope::HandshakePanel</name>
    <message>
        <source>Reject the next handshakes</source>
        <translation>Die nächsten Handshakes ablehnen</translation>
    </message>
    <message>
        <source>The HTTP status the client gets instead of 101 (300-599)</source>
        <translation>Der HTTP-Status, den der Client statt 101 erhält (300-599)</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>until cleared</source>
        <translation>bis zum Aufheben</translation>
    </message>
    <message>
        <source>How many:</source>
        <translation>Wie viele:</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>The next handshakes get this status; the connection is closed after the answer</source>
        <translation>Die nächsten Handshakes erhalten diesen Status; nach der Antwort wird die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Aufheben</translation>
    </message>
    <message>
        <source>Accept handshakes again</source>
        <translation>Handshakes wieder annehmen</translation>
    </message>
    <message>
        <source>Extra response headers</source>
        <translation>Zusätzliche Antwort-Header</translation>
    </message>
    <message>
        <source>One per line, e.g.
X-Server: framescope
Set-Cookie: id=1</source>
        <translation>Einer pro Zeile, z. B.
X-Server: framescope
Set-Cookie: id=1</translation>
    </message>
    <message>
        <source>Added to every 101 (beforeHandshakeResponse) and to rejections</source>
        <translation>Wird jeder 101 (beforeHandshakeResponse) und jeder Ablehnung hinzugefügt</translation>
    </message>
    <message>
        <source>Subprotocol</source>
        <translation>Subprotokoll</translation>
    </message>
    <message>
        <source>As in Settings</source>
        <translation>Wie in den Einstellungen</translation>
    </message>
    <message>
        <source>First one offered</source>
        <translation>Das erste angebotene</translation>
    </message>
    <message>
        <source>This name:</source>
        <translation>Dieser Name:</translation>
    </message>
    <message>
        <source>e.g. graphql-ws</source>
        <translation>z. B. graphql-ws</translation>
    </message>
    <message>
        <source>Answered even when the client did not offer it (the client must then fail the connection, RFC 6455 §4.1)</source>
        <translation>Auch geantwortet, wenn der Client es nicht angeboten hat (der Client muss die Verbindung dann abbrechen, RFC 6455 §4.1)</translation>
    </message>
    <message>
        <source>Handshakes are accepted again.</source>
        <translation>Handshakes werden wieder angenommen.</translation>
    </message>
    <message>
        <source>Type an HTTP status (300-599)</source>
        <translation>HTTP-Status eingeben (300-599)</translation>
    </message>
    <message>
        <source>%1 is not a rejection: use 300-599</source>
        <translation>%1 ist keine Ablehnung: 300-599 verwenden</translation>
    </message>
    <message>
        <source>Off: handshakes are accepted.</source>
        <translation>Aus: Handshakes werden angenommen.</translation>
    </message>
    <message>
        <source>Rejecting every handshake with HTTP %1 until cleared.</source>
        <translation>Jeder Handshake wird mit HTTP %1 abgelehnt, bis dies aufgehoben wird.</translation>
    </message>
    <message numerus="yes">
        <source>Rejecting the next %n handshake(s) with HTTP %1.</source>
        <translation>
            <numerusform>%n nächster Handshake wird mit HTTP %1 abgelehnt.</numerusform>
            <numerusform>Die nächsten %n Handshakes werden mit HTTP %1 abgelehnt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Rejected so far: %1.</source>
        <translation>Bisher abgelehnt: %1.</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <source>No extra headers.</source>
        <translation>Keine zusätzlichen Header.</translation>
    </message>
    <message numerus="yes">
        <source>%n header(s) added to the next handshakes.</source>
        <translation>
            <numerusform>%n Header wird den nächsten Handshakes hinzugefügt.</numerusform>
            <numerusform>%n Header werden den nächsten Handshakes hinzugefügt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not applied: a subprotocol is an HTTP token (letters, digits, -, no spaces).</source>
        <translation>Nicht übernommen: ein Subprotokoll ist ein HTTP-Token (Buchstaben, Ziffern, -, keine Leerzeichen).</translation>
    </message>
    <message>
        <source>websocket_subprotocol is not set: the 101 names no subprotocol.</source>
        <translation>websocket_subprotocol ist nicht gesetzt: die 101 nennt kein Subprotokoll.</translation>
    </message>
    <message>
        <source>The 101 names “%1” (websocket_subprotocol) when the client offers it.</source>
        <translation>Die 101 nennt „%1“ (websocket_subprotocol), wenn der Client es anbietet.</translation>
    </message>
    <message>
        <source>websocket_subprotocol “%1” still wins when the client offers it.</source>
        <translation>websocket_subprotocol „%1“ hat weiterhin Vorrang, wenn der Client es anbietet.</translation>
    </message>
    <message>
        <source>Type a name: without one the 101 names no subprotocol.</source>
        <translation>Namen eingeben: ohne Namen nennt die 101 kein Subprotokoll.</translation>
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
        <translation>Server</translation>
    </message>
    <message>
        <source>Host </source>
        <translation>Host </translation>
    </message>
    <message>
        <source>Address to listen on: 127.0.0.1, 0.0.0.0 (all IPv4), ::1, :: …</source>
        <translation>Adresse, auf der der Server lauscht: 127.0.0.1, 0.0.0.0 (alle IPv4), ::1, :: …</translation>
    </message>
    <message>
        <source>  Port </source>
        <translation>  Port </translation>
    </message>
    <message>
        <source>any</source>
        <translation>beliebig</translation>
    </message>
    <message>
        <source>TCP port; 0 picks a free one</source>
        <translation>TCP-Port; 0 wählt einen freien</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Start or stop listening</source>
        <translation>Lauschen starten oder stoppen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the WebSocket URL</source>
        <translation>WebSocket-URL kopieren</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <source>Open a frame log saved as JSON Lines</source>
        <translation>Ein als JSON Lines gespeichertes Frame-Log öffnen</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Use any free port</source>
        <translation>Beliebigen freien Port verwenden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Connections&lt;/b&gt;</source>
        <translation>&lt;b&gt;Verbindungen&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Clear closed</source>
        <translation>Geschlossene entfernen</translation>
    </message>
    <message>
        <source>Remove closed connections from the table</source>
        <translation>Geschlossene Verbindungen aus der Tabelle entfernen</translation>
    </message>
    <message>
        <source>&lt;b&gt;Frames&lt;/b&gt;</source>
        <translation>&lt;b&gt;Frames&lt;/b&gt;</translation>
    </message>
    <message>
        <source>fd: all</source>
        <translation>fd: alle</translation>
    </message>
    <message>
        <source>Only these connections, e.g. 3 or 3,5,8</source>
        <translation>Nur diese Verbindungen, z. B. 3 oder 3,5,8</translation>
    </message>
    <message>
        <source>All frames and events</source>
        <translation>Alle Frames und Ereignisse</translation>
    </message>
    <message>
        <source>Data frames</source>
        <translation>Daten-Frames</translation>
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
        <translation>Steuer-Frames</translation>
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
        <translation>Verbindungsereignisse</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>In and out</source>
        <translation>Ein- und ausgehend</translation>
    </message>
    <message>
        <source>In (client → server)</source>
        <translation>Ein (Client → Server)</translation>
    </message>
    <message>
        <source>Out (server → client)</source>
        <translation>Aus (Server → Client)</translation>
    </message>
    <message>
        <source>Search payloads…</source>
        <translation>Payloads durchsuchen…</translation>
    </message>
    <message>
        <source>Autoscroll</source>
        <translation>Autoscroll</translation>
    </message>
    <message>
        <source>Follow new frames while the view is at the bottom</source>
        <translation>Neuen Frames folgen, solange die Ansicht am Ende steht</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Empty the frame log (connections stay)</source>
        <translation>Frame-Log leeren (Verbindungen bleiben)</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>Payload</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Close inspector</source>
        <translation>Close-Inspektor</translation>
    </message>
    <message>
        <source>fd %1 sent a close frame: choose the reply in the close inspector</source>
        <translation>fd %1 hat einen Close-Frame gesendet: Antwort im Close-Inspektor wählen</translation>
    </message>
    <message>
        <source>No frame matches the filter.</source>
        <translation>Kein Frame passt zum Filter.</translation>
    </message>
    <message>
        <source>No frames yet.

Connect a client to %1
for example in a browser console:
new WebSocket(&quot;%1&quot;)</source>
        <translation>Noch keine Frames.

Verbinden Sie einen Client mit %1,
zum Beispiel in der Browser-Konsole:
new WebSocket(&quot;%1&quot;)</translation>
    </message>
    <message>
        <source>The server is not listening.</source>
        <translation>Der Server lauscht nicht.</translation>
    </message>
    <message>
        <source>“%1” is not an IP address. Use e.g. 127.0.0.1, 0.0.0.0 or ::1.</source>
        <translation>„%1“ ist keine IP-Adresse. Verwenden Sie z. B. 127.0.0.1, 0.0.0.0 oder ::1.</translation>
    </message>
    <message>
        <source>Not listening: %1</source>
        <translation>Lauscht nicht: %1</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>Lauscht auf %1</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>Port %1 verwenden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Framescope — %1</source>
        <translation>Framescope — %1</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>lauscht nicht</translation>
    </message>
    <message>
        <source>Framescope — not listening</source>
        <translation>Framescope — lauscht nicht</translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation>%1 von %2 Zeilen</translation>
    </message>
    <message>
        <source> (%1 shown)</source>
        <translation> (%1 angezeigt)</translation>
    </message>
    <message>
        <source>dropped from view: %1</source>
        <translation>aus der Ansicht verworfen: %1</translation>
    </message>
    <message>
        <source>⚠ not recorded (server queue full): %1</source>
        <translation>⚠ nicht aufgezeichnet (Server-Warteschlange voll): %1</translation>
    </message>
    <message>
        <source>autoscroll paused</source>
        <translation>Autoscroll pausiert</translation>
    </message>
    <message>
        <source>autoscroll waits (scrolled up)</source>
        <translation>Autoscroll wartet (nach oben gescrollt)</translation>
    </message>
    <message>
        <source>imported: %1</source>
        <translation>importiert: %1</translation>
    </message>
    <message>
        <source>Select a connection to see its handshake, counters and ping round trips.</source>
        <translation>Wählen Sie eine Verbindung, um Handshake, Zähler und Ping-Laufzeiten zu sehen.</translation>
    </message>
    <message>
        <source>%1 connections selected.</source>
        <translation>%1 Verbindungen ausgewählt.</translation>
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
        <translation>Subprotokoll:  %1
</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keins)</translation>
    </message>
    <message>
        <source>Extensions:  %1
</source>
        <translation>Erweiterungen: %1
</translation>
    </message>
    <message>
        <source>(none: no compression)</source>
        <translation>(keine: ohne Kompression)</translation>
    </message>
    <message>
        <source>Frames in %1 (%2) · out %3 (%4)
</source>
        <translation>Frames ein %1 (%2) · aus %3 (%4)
</translation>
    </message>
    <message>
        <source>Connected %1
</source>
        <translation>Verbunden seit %1
</translation>
    </message>
    <message>
        <source>Ping RTT: no pong yet (use Ping in the send panel)
</source>
        <translation>Ping-RTT: noch kein Pong (Ping im Sendebereich verwenden)
</translation>
    </message>
    <message>
        <source>Ping RTT: last %1 · previous %2
</source>
        <translation>Ping-RTT: zuletzt %1 · davor %2
</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Closed: code %1 %2 · by %3 · %4
</source>
        <translation>Geschlossen: Code %1 %2 · von %3 · %4
</translation>
    </message>
    <message>
        <source>closing handshake %1</source>
        <translation>Closing-Handshake %1</translation>
    </message>
    <message>
        <source>no closing handshake</source>
        <translation>kein Closing-Handshake</translation>
    </message>
    <message>
        <source>Handshake rejected: HTTP %1 %2
</source>
        <translation>Handshake abgelehnt: HTTP %1 %2
</translation>
    </message>
    <message>
        <source>── Handshake request (as received) ──</source>
        <translation>── Handshake-Request (wie empfangen) ──</translation>
    </message>
    <message>
        <source>(not received)
</source>
        <translation>(nicht empfangen)
</translation>
    </message>
    <message>
        <source>── Handshake response (as sent) ──</source>
        <translation>── Handshake-Response (wie gesendet) ──</translation>
    </message>
    <message>
        <source>(not sent)
</source>
        <translation>(nicht gesendet)
</translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation>%1 Zeilen nach %2 exportiert</translation>
    </message>
    <message>
        <source>the file holds no frames</source>
        <translation>die Datei enthält keine Frames</translation>
    </message>
    <message>
        <source>Imported %1 rows from %2</source>
        <translation>%1 Zeilen aus %2 importiert</translation>
    </message>
    <message>
        <source> (%1 lines skipped: %2)</source>
        <translation> (%1 Zeilen übersprungen: %2)</translation>
    </message>
    <message>
        <source>Export frame log</source>
        <translation>Frame-Log exportieren</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Import frame log</source>
        <translation>Frame-Log importieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson *.log);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson *.log);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>%1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>stopping: waiting for closing handshakes…</source>
        <translation>stoppt: wartet auf Closing-Handshakes…</translation>
    </message>
    <message>
        <source>Framescope — stopping</source>
        <translation>Framescope — stoppt</translation>
    </message>
    <message>
        <source>Warning: websocket_max_message_size (%1) is larger than buffer_output_size (%2): a message of more than %2 bytes is accepted, but pushing it back fails.</source>
        <translation>Warnung: websocket_max_message_size (%1) ist größer als buffer_output_size (%2): Eine Nachricht mit mehr als %2 Bytes wird angenommen, aber das Zurücksenden schlägt fehl.</translation>
    </message>
    <message>
        <source>TLS:         %1 · %2
</source>
        <translation>TLS:         %1 · %2
</translation>
    </message>
    <message>
        <source>SNI: %1 · ALPN: %2 · client certificate: %3
</source>
        <translation>SNI: %1 · ALPN: %2 · Client-Zertifikat: %3
</translation>
    </message>
    <message>
        <source>Back to live capture</source>
        <translation>Zurück zur Live-Aufzeichnung</translation>
    </message>
    <message>
        <source>The imported session has no rows.</source>
        <translation>Die importierte Sitzung hat keine Zeilen.</translation>
    </message>
    <message>
        <source>Framescope — imported: %1</source>
        <translation>Framescope — importiert: %1</translation>
    </message>
    <message>
        <source>%1 connections: %2 active, %3 closed · %4 frames/s</source>
        <translation>%1 Verbindungen: %2 aktiv, %3 geschlossen · %4 Frames/s</translation>
    </message>
    <message>
        <source>Imported session: %1 — %2 rows, %3 connections (numbered as in the file). Live capture goes on: %4 new live rows meanwhile.</source>
        <translation>Importierte Sitzung: %1 — %2 Zeilen, %3 Verbindungen (nummeriert wie in der Datei). Die Live-Aufzeichnung läuft weiter: %4 neue Live-Zeilen seitdem.</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>Zeilen kopieren</translation>
    </message>
    <message>
        <source>.*</source>
        <translation>.*</translation>
    </message>
    <message>
        <source>Search with a regular expression (case-insensitive); matches are highlighted in the payload viewer</source>
        <translation>Mit einem regulären Ausdruck suchen (ohne Groß-/Kleinschreibung); Treffer werden im Payload-Betrachter hervorgehoben</translation>
    </message>
    <message>
        <source>Selected only</source>
        <translation>Nur Auswahl</translation>
    </message>
    <message>
        <source>Show only the frames of the connections selected in the table</source>
        <translation>Nur die Frames der in der Tabelle ausgewählten Verbindungen zeigen</translation>
    </message>
    <message>
        <source>Time: absolute</source>
        <translation>Zeit: absolut</translation>
    </message>
    <message>
        <source>Time: since connection</source>
        <translation>Zeit: seit Verbindung</translation>
    </message>
    <message>
        <source>Time: delta</source>
        <translation>Zeit: Delta</translation>
    </message>
    <message>
        <source>Time column: wall clock, seconds since the connection opened, or seconds since the previous row shown</source>
        <translation>Zeitspalte: Uhrzeit, Sekunden seit dem Öffnen der Verbindung oder Sekunden seit der vorigen angezeigten Zeile</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop updating the frame log view; the server and the capture go on, and the rows that arrive meanwhile appear on resume</source>
        <translation>Die Frame-Log-Ansicht anhalten; Server und Aufzeichnung laufen weiter, die inzwischen eingetroffenen Zeilen erscheinen beim Fortsetzen</translation>
    </message>
    <message>
        <source>Copy the selected rows as shown (tab-separated)</source>
        <translation>Die ausgewählten Zeilen wie angezeigt kopieren (tabulatorgetrennt)</translation>
    </message>
    <message>
        <source>Load into send panel</source>
        <translation>In das Sendefeld laden</translation>
    </message>
    <message>
        <source>⏸ view paused: %1 new rows held (capture goes on)</source>
        <translation>⏸ Ansicht angehalten: %1 neue Zeilen zurückgehalten (Aufzeichnung läuft weiter)</translation>
    </message>
    <message>
        <source>Not a regular expression: %1</source>
        <translation>Kein regulärer Ausdruck: %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>Copy payload as</source>
        <translation>Payload kopieren als</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>Pretty JSON</source>
        <translation>Formatiertes JSON</translation>
    </message>
    <message>
        <source>Copy rows as JSON Lines</source>
        <translation>Zeilen als JSON Lines kopieren</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Time display</source>
        <translation>Zeitanzeige</translation>
    </message>
    <message>
        <source>&amp;Server</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Framescope</source>
        <translation>&amp;Über Framescope</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Framescope %1&lt;/h3&gt;&lt;p&gt;A WebSocket test server with Swoole&apos;s semantics and a frame inspector.&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;/p&gt;&lt;p&gt;Licences: Framescope is MIT-licensed. It uses Qt 6 (LGPLv3), zlib (zlib licence) and libdeflate (MIT).&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Framescope %1&lt;/h3&gt;&lt;p&gt;Ein WebSocket-Testserver mit der Semantik von Swoole und ein Frame-Inspektor.&lt;/p&gt;&lt;p&gt;Qt %2 (gebaut mit %3)&lt;/p&gt;&lt;p&gt;Lizenzen: Framescope steht unter der MIT-Lizenz. Es verwendet Qt 6 (LGPLv3), zlib (zlib-Lizenz) und libdeflate (MIT).&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Framescope</source>
        <translation>Über Framescope</translation>
    </message>
    <message>
        <source>Copied %1 characters</source>
        <translation>%1 Zeichen kopiert</translation>
    </message>
    <message>
        <source>Loaded %1 bytes into the send panel</source>
        <translation>%1 Bytes in das Sendefeld geladen</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <source>Copy handshake headers</source>
        <translation>Handshake-Header kopieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>%1 connections: %2 active, %3 opening or closing, %4 closed · %5 frames/s</source>
        <translation>%1 Verbindungen: %2 aktiv, %3 im Auf- oder Abbau, %4 geschlossen · %5 Frames/s</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Szenarien</translation>
    </message>
    <message>
        <source>Show scenarios</source>
        <translation>Szenarien zeigen</translation>
    </message>
    <message>
        <source>Run scenario</source>
        <translation>Szenario ausführen</translation>
    </message>
    <message>
        <source>Select one connection</source>
        <translation>Eine Verbindung auswählen</translation>
    </message>
    <message>
        <source>Run scenario (%1)</source>
        <translation>Szenario ausführen (%1)</translation>
    </message>
    <message>
        <source>Save the frame log (all rows or the shown ones) as JSON Lines or HAR</source>
        <translation>Frame-Log (alle oder die gezeigten Zeilen) als JSON Lines oder HAR speichern</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Every message goes back to its sender</source>
        <translation>Jede Nachricht geht an ihren Absender zurück</translation>
    </message>
    <message>
        <source>Messages are received and logged, nothing is sent</source>
        <translation>Nachrichten werden empfangen und protokolliert, nichts wird gesendet</translation>
    </message>
    <message>
        <source>Every message is relayed to every other established connection</source>
        <translation>Jede Nachricht wird an alle anderen bestehenden Verbindungen weitergegeben</translation>
    </message>
    <message>
        <source>What the server does with a client&apos;s message; applies to the next message, no restart</source>
        <translation>Was der Server mit der Nachricht eines Clients macht; gilt ab der nächsten Nachricht, ohne Neustart</translation>
    </message>
    <message>
        <source>Mode: %1 (from the next message on)</source>
        <translation>Modus: %1 (ab der nächsten Nachricht)</translation>
    </message>
    <message>
        <source>Handshake</source>
        <translation>Handshake</translation>
    </message>
    <message>
        <source>Handshake (rejecting)</source>
        <translation>Handshake (lehnt ab)</translation>
    </message>
    <message>
        <source>Handshake (rejecting %1)</source>
        <translation>Handshake (lehnt %1 ab)</translation>
    </message>
    <message>
        <source>Handshake control</source>
        <translation>Handshake-Steuerung</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
</context>
<context>
    <name>framescope::PayloadViewer</name>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Select a frame in the log to see its payload.</source>
        <translation>Wählen Sie einen Frame im Log, um seine Payload zu sehen.</translation>
    </message>
    <message>
        <source>%1 · fd %2 · %3</source>
        <translation>%1 · fd %2 · %3</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>Anfrage:</translation>
    </message>
    <message>
        <source>Response:</source>
        <translation>Antwort:</translation>
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
        <translation>RSV1 1 (komprimiert)</translation>
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
        <translation>maskiert</translation>
    </message>
    <message>
        <source>unmasked</source>
        <translation>unmaskiert</translation>
    </message>
    <message>
        <source>wire %1 B</source>
        <translation>Leitung %1 B</translation>
    </message>
    <message>
        <source>payload %1 B</source>
        <translation>Payload %1 B</translation>
    </message>
    <message>
        <source>inflated %1 B</source>
        <translation>dekomprimiert %1 B</translation>
    </message>
    <message>
        <source>message of %1 fragments, %2 B</source>
        <translation>Nachricht aus %1 Fragmenten, %2 B</translation>
    </message>
    <message>
        <source>Only the first %1 bytes were kept for viewing.</source>
        <translation>Nur die ersten %1 Bytes wurden für die Anzeige behalten.</translation>
    </message>
    <message>
        <source>Close code %1: %2
Reason: %3</source>
        <translation>Close-Code %1: %2
Grund: %3</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>Malformed close payload (1 byte)</source>
        <translation>Fehlerhafte Close-Payload (1 Byte)</translation>
    </message>
    <message>
        <source>(empty payload)</source>
        <translation>(leere Payload)</translation>
    </message>
    <message>
        <source>Wire payload (compressed, %1 bytes):
</source>
        <translation>Payload auf der Leitung (komprimiert, %1 Bytes):
</translation>
    </message>
    <message>
        <source>Message (%1 bytes, reassembled%2):
</source>
        <translation>Nachricht (%1 Bytes, zusammengesetzt%2):
</translation>
    </message>
    <message>
        <source> and inflated</source>
        <translation> und dekomprimiert</translation>
    </message>
    <message>
        <source>Fragments (%1 of this message still in the log):
</source>
        <translation>Fragmente (%1 dieser Nachricht noch im Log):
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
Die Nachricht geht nach diesem Frame weiter.
</translation>
    </message>
    <message>
        <source>Reassembled and inflated (%1 bytes):
</source>
        <translation>Zusammengesetzt und dekomprimiert (%1 Bytes):
</translation>
    </message>
    <message>
        <source>Reassembled (%1 bytes):
</source>
        <translation>Zusammengesetzt (%1 Bytes):
</translation>
    </message>
    <message>
        <source>One compressed frame: %1 bytes on the wire, %2 bytes inflated (%3%).</source>
        <translation>Ein komprimierter Frame: %1 Bytes auf der Leitung, %2 Bytes dekomprimiert (%3 %).</translation>
    </message>
    <message>
        <source>uncompressed %1 B</source>
        <translation>unkomprimiert %1 B</translation>
    </message>
    <message>
        <source>Compressed payload (permessage-deflate). The uncompressed message is shown on the last frame of the message; see the Hex tab for the wire bytes.</source>
        <translation>Komprimierte Payload (permessage-deflate). Die unkomprimierte Nachricht steht beim letzten Frame der Nachricht; die Bytes auf der Leitung zeigt der Tab „Hex“.</translation>
    </message>
    <message>
        <source>Binary payload (%1 bytes):
</source>
        <translation>Binäre Payload (%1 Bytes):
</translation>
    </message>
    <message>
        <source>Not valid UTF-8 (%1 bytes):
</source>
        <translation>Kein gültiges UTF-8 (%1 Bytes):
</translation>
    </message>
</context>
<context>
    <name>framescope::ScenarioPanel</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>bestanden</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>nicht bestanden</translation>
    </message>
    <message>
        <source>informational</source>
        <translation>informativ</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Szenario</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>RFC section</source>
        <translation>RFC-Abschnitt</translation>
    </message>
    <message>
        <source>Run on selected connection</source>
        <translation>Auf ausgewählter Verbindung ausführen</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>Bericht exportieren…</translation>
    </message>
    <message>
        <source>Every verdict so far as JSON or JUnit XML (as GET /report)</source>
        <translation>Alle bisherigen Urteile als JSON oder JUnit-XML (wie GET /report)</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>fd</source>
        <translation>fd</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>Client did</source>
        <translation>Client tat</translation>
    </message>
    <message>
        <source>Select a run to see its verdict in detail and its connection&apos;s frames in the log</source>
        <translation>Wählen Sie einen Lauf, um sein Urteil im Detail und die Frames seiner Verbindung im Log zu sehen</translation>
    </message>
    <message>
        <source>Scenarios are not available</source>
        <translation>Szenarien sind nicht verfügbar</translation>
    </message>
    <message>
        <source>Select a scenario</source>
        <translation>Ein Szenario auswählen</translation>
    </message>
    <message>
        <source>Select a connection</source>
        <translation>Eine Verbindung auswählen</translation>
    </message>
    <message>
        <source>fd %1 is closed</source>
        <translation>fd %1 ist geschlossen</translation>
    </message>
    <message>
        <source>fd %1 is not an established WebSocket connection</source>
        <translation>fd %1 ist keine aufgebaute WebSocket-Verbindung</translation>
    </message>
    <message>
        <source>fd %1 already runs or ran a scenario</source>
        <translation>fd %1 führt bereits ein Szenario aus oder hat eines ausgeführt</translation>
    </message>
    <message>
        <source>Run %1 on fd %2</source>
        <translation>%1 auf fd %2 ausführen</translation>
    </message>
    <message>
        <source>%1 did not start on fd %2: %3</source>
        <translation>%1 startete nicht auf fd %2: %3</translation>
    </message>
    <message>
        <source>%1 on fd %2%3 (%4)
Verdict: %5
Expected: %6
Client did: %7</source>
        <translation>%1 auf fd %2%3 (%4)
Urteil: %5
Erwartet: %6
Client tat: %7</translation>
    </message>
    <message>
        <source>, agent %1</source>
        <translation>, Agent %1</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>noch nichts</translation>
    </message>
    <message>
        <source>Duration: %1 ms</source>
        <translation>Dauer: %1 ms</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Export scenario report</source>
        <translation>Szenario-Bericht exportieren</translation>
    </message>
    <message>
        <source>JSON report (*.json);;JUnit XML (*.xml)</source>
        <translation>JSON-Bericht (*.json);;JUnit-XML (*.xml)</translation>
    </message>
    <message>
        <source>Report written to %1</source>
        <translation>Bericht nach %1 geschrieben</translation>
    </message>
    <message>
        <source>What the server does</source>
        <translation>Was der Server tut</translation>
    </message>
    <message>
        <source>%1 (%2)

%3

Expected: %4
Timeout: %5 ms</source>
        <translation>%1 (%2)

%3

Erwartet: %4
Timeout: %5 ms</translation>
    </message>
</context>
<context>
    <name>framescope::SendPanel</name>
    <message>
        <source>Push</source>
        <translation>Push</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Binary (hex)</source>
        <translation>Binär (Hex)</translation>
    </message>
    <message>
        <source>FIN</source>
        <translation>FIN</translation>
    </message>
    <message>
        <source>Unchecked: this frame starts (or continues) a fragmented message</source>
        <translation>Nicht gesetzt: Dieser Frame beginnt eine fragmentierte Nachricht (oder setzt sie fort)</translation>
    </message>
    <message>
        <source>COMPRESS</source>
        <translation>COMPRESS</translation>
    </message>
    <message>
        <source>permessage-deflate (RSV1) when the connection negotiated it</source>
        <translation>permessage-deflate (RSV1), wenn die Verbindung es ausgehandelt hat</translation>
    </message>
    <message>
        <source>Message to push, e.g. {&quot;hello&quot;: &quot;world&quot;}</source>
        <translation>Zu sendende Nachricht, z. B. {&quot;hello&quot;: &quot;world&quot;}</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Broadcast to all</source>
        <translation>Broadcast an alle</translation>
    </message>
    <message>
        <source>Push to every established connection ($server-&gt;broadcast)</source>
        <translation>Push an jede aufgebaute Verbindung ($server-&gt;broadcast)</translation>
    </message>
    <message>
        <source>Ping and close</source>
        <translation>Ping und Schließen</translation>
    </message>
    <message>
        <source>optional payload (≤ 125 bytes)</source>
        <translation>optionale Payload (≤ 125 Bytes)</translation>
    </message>
    <message>
        <source>Ping</source>
        <translation>Ping</translation>
    </message>
    <message>
        <source>4000 private use (4000-4999)</source>
        <translation>4000 private Nutzung (4000-4999)</translation>
    </message>
    <message>
        <source>Close code:</source>
        <translation>Close-Code:</translation>
    </message>
    <message>
        <source>reason (UTF-8, ≤ 123 bytes)</source>
        <translation>Grund (UTF-8, ≤ 123 Bytes)</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Grund:</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Start the closing handshake with this code and reason</source>
        <translation>Closing-Handshake mit diesem Code und Grund beginnen</translation>
    </message>
    <message>
        <source>Drop TCP</source>
        <translation>TCP abbrechen</translation>
    </message>
    <message>
        <source>Reset the TCP connection without a close frame (client sees 1006)</source>
        <translation>TCP-Verbindung ohne Close-Frame zurücksetzen (Client sieht 1006)</translation>
    </message>
    <message>
        <source>Target: fd %1</source>
        <translation>Ziel: fd %1</translation>
    </message>
    <message>
        <source>Select a connection in the table to push, ping or close it; broadcast reaches every connection.</source>
        <translation>Wählen Sie eine Verbindung in der Tabelle für Push, Ping oder Close; Broadcast erreicht jede Verbindung.</translation>
    </message>
    <message>
        <source>Send final continuation</source>
        <translation>Letzte Fortsetzung senden</translation>
    </message>
    <message>
        <source>Send continuation</source>
        <translation>Fortsetzung senden</translation>
    </message>
    <message>
        <source>Send first fragment</source>
        <translation>Erstes Fragment senden</translation>
    </message>
    <message>
        <source>not hex: use pairs of 0-9 a-f</source>
        <translation>kein Hex: Paare aus 0-9 a-f verwenden</translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation>%1 Bytes</translation>
    </message>
    <message>
        <source> · continuation of the open fragmented message</source>
        <translation> · Fortsetzung der offenen fragmentierten Nachricht</translation>
    </message>
    <message>
        <source>%1 of %2 bytes</source>
        <translation>%1 von %2 Bytes</translation>
    </message>
    <message>
        <source>%1/%2 B</source>
        <translation>%1/%2 B</translation>
    </message>
    <message>
        <source>RFC 6455 §5.5.1: a close reason is at most 123 bytes</source>
        <translation>RFC 6455 §5.5.1: Ein Close-Grund hat höchstens 123 Bytes</translation>
    </message>
    <message>
        <source>Type a close code</source>
        <translation>Close-Code eingeben</translation>
    </message>
    <message>
        <source>Reason is %1 bytes; at most %2 fit in a close frame.</source>
        <translation>Der Grund hat %1 Bytes; höchstens %2 passen in einen Close-Frame.</translation>
    </message>
    <message numerus="yes">
        <source>Broadcast %1 bytes to %n connection(s).</source>
        <translation>
            <numerusform>Broadcast: %1 Bytes an %n Verbindung.</numerusform>
            <numerusform>Broadcast: %1 Bytes an %n Verbindungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>fd %1: %2</source>
        <translation>fd %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Pushed %1 bytes to %n connection(s).</source>
        <translation>
            <numerusform>Push: %1 Bytes an %n Verbindung.</numerusform>
            <numerusform>Push: %1 Bytes an %n Verbindungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Ping sent; when the pong arrives, its round-trip time shows in the RTT column.</source>
        <translation>Ping gesendet; sobald der Pong ankommt, steht die Round-Trip-Zeit in der Spalte RTT.</translation>
    </message>
    <message>
        <source>Closing with %1 “%2”.</source>
        <translation>Wird mit %1 „%2“ geschlossen.</translation>
    </message>
    <message>
        <source>TCP connection dropped.</source>
        <translation>TCP-Verbindung abgebrochen.</translation>
    </message>
    <message>
        <source>3000 registered (3000-3999)</source>
        <translation>3000 registriert (3000-3999)</translation>
    </message>
    <message>
        <source>Pick a code or type one: 1000-1003, 1007-1014 or 3000-4999. 1000 and 4000-4999 go through disconnect(); the others are sent with sendClose()</source>
        <translation>Code wählen oder eintippen: 1000-1003, 1007-1014 oder 3000-4999. 1000 und 4000-4999 laufen über disconnect(); die anderen werden mit sendClose() gesendet</translation>
    </message>
    <message>
        <source>This is an imported session: push, ping and close work on live connections only (Back to live capture).</source>
        <translation>Dies ist eine importierte Sitzung: Push, Ping und Schließen gehen nur bei Live-Verbindungen (Zurück zur Live-Aufzeichnung).</translation>
    </message>
    <message>
        <source>fd %1 is closed: nothing can be sent to it.</source>
        <translation>fd %1 ist geschlossen: an sie kann nichts gesendet werden.</translation>
    </message>
    <message>
        <source>fd %1 is not a WebSocket connection (no accepted handshake): only Drop TCP applies.</source>
        <translation>fd %1 ist keine WebSocket-Verbindung (kein angenommener Handshake): nur „TCP abbrechen“ ist möglich.</translation>
    </message>
    <message>
        <source>fd %1 is closing: no more data frames or pings; the close can still be answered.</source>
        <translation>fd %1 wird geschlossen: keine Daten-Frames oder Pings mehr; das Schließen kann noch beantwortet werden.</translation>
    </message>
    <message>
        <source>Off: the connection did not negotiate permessage-deflate (the client did not offer it, or websocket_compression is off), so a push cannot be compressed</source>
        <translation>Aus: die Verbindung hat permessage-deflate nicht ausgehandelt (der Client hat es nicht angeboten oder websocket_compression ist aus), ein Push kann also nicht komprimiert werden</translation>
    </message>
    <message>
        <source>Select a connection that negotiated permessage-deflate to compress a push</source>
        <translation>Eine Verbindung mit ausgehandeltem permessage-deflate wählen, um einen Push zu komprimieren</translation>
    </message>
    <message>
        <source>Push to the selected connection(s) (Ctrl+Enter in the payload)</source>
        <translation>An die ausgewählte(n) Verbindung(en) senden (Strg+Eingabe im Payload-Feld)</translation>
    </message>
    <message>
        <source>Binary (base64)</source>
        <translation>Binär (Base64)</translation>
    </message>
    <message>
        <source>Binary (file)</source>
        <translation>Binär (Datei)</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Datei…</translation>
    </message>
    <message>
        <source>Choose the file a “Binary (file)” push sends</source>
        <translation>Die Datei wählen, die ein „Binär (Datei)“-Push sendet</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>The last %1 messages sent: pick one to put it back in the editor</source>
        <translation>Die letzten %1 gesendeten Nachrichten: eine wählen, um sie wieder in den Editor zu holen</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>Hex</translation>
    </message>
    <message>
        <source>How the ping payload is read: UTF-8 text or hex bytes</source>
        <translation>Wie die Ping-Nutzdaten gelesen werden: UTF-8-Text oder Hex-Bytes</translation>
    </message>
    <message>
        <source>not base64: A-Z a-z 0-9 + / and = padding</source>
        <translation>kein Base64: A-Z a-z 0-9 + / und = als Auffüllung</translation>
    </message>
    <message>
        <source>choose a file (File…)</source>
        <translation>eine Datei wählen (Datei…)</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>the file is %1 bytes, more than buffer_output_size (%2)</source>
        <translation>die Datei hat %1 Bytes, mehr als buffer_output_size (%2)</translation>
    </message>
    <message>
        <source>the file is over buffer_output_size (%1)</source>
        <translation>die Datei ist größer als buffer_output_size (%1)</translation>
    </message>
    <message>
        <source>Send a file as one binary message</source>
        <translation>Eine Datei als eine Binärnachricht senden</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>Clear history</source>
        <translation>Verlauf löschen</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
</context>
<context>
    <name>framescope::SettingsDialog</name>
    <message>
        <source>Server settings</source>
        <translation>Servereinstellungen</translation>
    </message>
    <message>
        <source>Options use the names of Swoole&apos;s WebSocket\Server::set(). They apply when the server starts; a running server restarts.</source>
        <translation>Die Optionen tragen die Namen aus Swooles WebSocket\Server::set(). Sie gelten beim Serverstart; ein laufender Server startet neu.</translation>
    </message>
    <message>
        <source>Rows kept in the frame log; the oldest are dropped in bulk</source>
        <translation>Im Frame-Log gehaltene Zeilen; die ältesten werden blockweise verworfen</translation>
    </message>
    <message>
        <source>Frame log rows</source>
        <translation>Frame-Log-Zeilen</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
</context>
</TS>
