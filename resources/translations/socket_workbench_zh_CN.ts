<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClientPane</name>
    <message>
        <location filename="../../ui/client_pane.py" line="62"/>
        <source>— aim at a running server —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="63"/>
        <source>Fill in family, type and address from a running server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="71"/>
        <source>SOCK_STREAM (TCP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="72"/>
        <source>SOCK_DGRAM (UDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="79"/>
        <source>choose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="80"/>
        <source>The server&apos;s port (start a server to fill this in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="84"/>
        <source>the server&apos;s socket file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="86"/>
        <location filename="../../ui/client_pane.py" line="269"/>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="90"/>
        <source>Shutdown (SHUT_WR)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="93"/>
        <source>shutdown(SHUT_WR): tell the server you will send nothing more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="96"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="98"/>
        <source>close(): release the socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="103"/>
        <source>The client the Send, Shutdown and Close buttons act on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="113"/>
        <source>text (UTF-8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="113"/>
        <source>The text as UTF-8 bytes, exactly as typed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="114"/>
        <source>hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="114"/>
        <source>Hex digits, e.g. de ad be ef or 0xde,0xad</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="116"/>
        <source>escaped (\xNN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="118"/>
        <source>Text with \xNN, \n, \r, \t, \0 and \\ escapes, e.g. hello\x00\xff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="123"/>
        <source>How the payload below is turned into bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="128"/>
        <source>The socket call that sends the payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="132"/>
        <source>hello\n</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="138"/>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="178"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="179"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="179"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="181"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="184"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="186"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="199"/>
        <source>Acting on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="204"/>
        <source>Payload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="269"/>
        <source>Open socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="271"/>
        <source>socket() then connect(): a new client each click</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="273"/>
        <source>socket(): a new datagram client each click; it needs no connect() to sendto()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="280"/>
        <source>A connected stream socket sends with send()/sendall(); sendto() is for datagrams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="432"/>
        <source>(and {n} more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="443"/>
        <source>Connect a client first: Send acts on the client chosen above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="445"/>
        <source>This client is closed; connect a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="448"/>
        <source>This client is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="450"/>
        <source>Fix the marked payload first: nothing is sent while it has errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="452"/>
        <source>Type something to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="454"/>
        <source>sendto() is for datagram sockets; choose send() or sendall().</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="461"/>
        <source>Send the payload with the chosen call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="475"/>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="477"/>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="479"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/client_pane.py" line="482"/>
        <source>{id} {state} · received {total} bytes in {calls} calls</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../ui/errors.py" line="144"/>
        <source>Something went wrong inside Socket Workbench ({n} times). It is still running.</source>
        <extracomment>Environment variable that moves the error log (tests point it at a tmp dir).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="153"/>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="154"/>
        <source>Something went wrong inside Socket Workbench. It is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="155"/>
        <source>(the log file could not be written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/errors.py" line="157"/>
        <source>{message}

The details were written to:
{path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventsPane</name>
    <message>
        <location filename="../../ui/event_table.py" line="94"/>
        <source>All sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="95"/>
        <source>Show events of one server or client only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="99"/>
        <source>any request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="100"/>
        <source>Show events of one request number only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="105"/>
        <source>event names, e.g. handle, recv</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="107"/>
        <source>Show events whose name contains any of these words (comma or space separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="121"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="150"/>
        <source>Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="152"/>
        <source>Request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="154"/>
        <source>Event:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="234"/>
        <source>request must be a whole number, like 3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="238"/>
        <source>request numbers start at 0</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/event_table.py" line="252"/>
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/event_table.py" line="254"/>
        <source>{shown} of {total} events</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HexPane</name>
    <message>
        <location filename="../../ui/hex_pane.py" line="572"/>
        <source>Which connection&apos;s bytes to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="580"/>
        <source>no connection yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="590"/>
        <source>Connection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="593"/>
        <source>sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="593"/>
        <source>received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="595"/>
        <source>▌ chunk start (one recv/send call)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="624"/>
        <source>{source} #{request}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="711"/>
        <source>{n} bytes in {calls} calls (sent {sent}, received {received})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HexView</name>
    <message>
        <location filename="../../ui/hex_pane.py" line="83"/>
        <source>Hex view</source>
        <extracomment>Copying more than this as text would stall the clipboard; say so instead.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="96"/>
        <source>Copy as hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="99"/>
        <source>Copy as Python bytes literal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="102"/>
        <source>Select all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="272"/>
        <source>No bytes yet: pick a connection that has sent or received data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="369"/>
        <source>offset</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <location filename="../../ui/hex_pane.py" line="496"/>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="517"/>
        <source>Copy as hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="519"/>
        <source>Copy as Python bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="537"/>
        <source>Selection: none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="538"/>
        <source>Chunk: —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="544"/>
        <source>Selection: offset 0x{start:x} ({start}), {length} byte(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/hex_pane.py" line="549"/>
        <source>Cursor in {chunk}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveList</name>
    <message>
        <location filename="../../ui/server_pane.py" line="555"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="555"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="555"/>
        <source>Mixin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="555"/>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="589"/>
        <source>(all interfaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="595"/>
        <source>handler {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="598"/>
        <source>Double-click: aim the client form at this server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="599"/>
        <source>requests being handled now / accepted so far</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="601"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="601"/>
        <source>shutdown() and server_close()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="616"/>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="616"/>
        <source>socket.close()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="627"/>
        <source>closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="629"/>
        <source>peer closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="631"/>
        <source>connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="633"/>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="637"/>
        <source>{id}: local {local} → {target}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="687"/>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <location filename="../../ui/log_pane.py" line="81"/>
        <source>Debug and above</source>
        <extracomment>(level, colour, short tag) per level; the tag keeps levels readable without colour.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="82"/>
        <source>Info and above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="83"/>
        <source>Warnings and errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="84"/>
        <source>Errors only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="88"/>
        <source>Show only log records at this level or above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="91"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="100"/>
        <source>Messages from the engine and from server threads appear here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="107"/>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/log_pane.py" line="114"/>
        <source>Level:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="220"/>
        <source>{what} is not available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="242"/>
        <source>Socket Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="258"/>
        <source>The event table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="307"/>
        <source>Start a server (one click gives an echo server on 127.0.0.1), then connect a client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="317"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="320"/>
        <source>Client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="323"/>
        <source>Running servers and clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="342"/>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="343"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="344"/>
        <source>Hex</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="346"/>
        <source>Every lifecycle method and socket call, newest last</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="347"/>
        <source>setup / handle / finish as bars, one lane per thread or process</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="348"/>
        <source>The bytes of one connection: sent and received in two colours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="370"/>
        <source>&amp;Workbench</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="371"/>
        <source>Stop all servers and close all clients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="375"/>
        <source>Clear events and log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="380"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="384"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="416"/>
        <source>The timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="418"/>
        <source>The hex view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="525"/>
        <source>Stopping servers and closing clients…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServerPane</name>
    <message>
        <location filename="../../ui/server_pane.py" line="205"/>
        <source>Address family: IPv4, IPv6 or a Unix domain socket (a file path)</source>
        <extracomment>Colours that carry meaning; everything else comes from the palette (see ui.app.apply_style).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="209"/>
        <source>SOCK_STREAM (TCP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="210"/>
        <source>SOCK_DGRAM (UDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="211"/>
        <source>Stream: connections and a byte stream. Datagram: separate messages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="217"/>
        <source>127.0.0.1 / ::1: this machine only. 0.0.0.0 / ::: all interfaces (other machines too).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="227"/>
        <source>0 (any free)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="228"/>
        <source>0 lets the operating system pick a free port; the bound port is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="233"/>
        <source>The socket file the server creates; it is removed when the server stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="240"/>
        <location filename="../../ui/server_pane.py" line="434"/>
        <source>listen(backlog): connections the kernel queues before accept()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="247"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="254"/>
        <source>No mixin: one request at a time, on the serve_forever thread</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="255"/>
        <source>ThreadingMixIn: a new thread per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="256"/>
        <source>ForkingMixIn: a child process per request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="262"/>
        <source>How the server handles requests: in turn, on threads, or in child processes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="268"/>
        <source>echo: send back what arrives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="269"/>
        <source>upper: send back in upper case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="270"/>
        <source>discard: read and drop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="271"/>
        <source>daytime: send the time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="275"/>
        <source>What the request handler&apos;s handle() does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="282"/>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="283"/>
        <source>handle() sleeps this long first: makes concurrency visible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="285"/>
        <source>fail in handle()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="287"/>
        <source>handle() raises, so you can watch handle_error()</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="289"/>
        <source>allow_reuse_address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="292"/>
        <source>SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="296"/>
        <source>everyone (e.g. 127.0.0.1, 10.0.0.0/8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="298"/>
        <location filename="../../ui/server_pane.py" line="424"/>
        <source>verify_request() admits only these addresses or networks, comma-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="301"/>
        <source>Start server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="342"/>
        <source>Family</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="342"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="346"/>
        <source>Port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="349"/>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="351"/>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="354"/>
        <source>Mixin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="354"/>
        <source>Handler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="356"/>
        <source>Delay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="358"/>
        <source>Backlog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="369"/>
        <source>Allow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="422"/>
        <source>An allow list filters IP addresses; AF_UNIX clients have none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="436"/>
        <source>Datagram servers do not listen(), so there is no backlog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="445"/>
        <source>all interfaces: other machines can connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="448"/>
        <source>loopback: this machine only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="513"/>
        <source>Binding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="525"/>
        <source>(all interfaces)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/server_pane.py" line="526"/>
        <source>{id} listening on {address}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <location filename="../../ui/timeline.py" line="87"/>
        <source>Timeline</source>
        <extracomment>The handler methods drawn as bars, in the order they run for one request.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="315"/>
        <source>No requests yet: setup, handle and finish appear here, one lane per thread or process.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="449"/>
        <source>lane</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="465"/>
        <location filename="../../ui/timeline.py" line="466"/>
        <source>raised an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="467"/>
        <source>lighter = still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="491"/>
        <source>running for {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="495"/>
        <source>{source} request #{request}
{method}: {duration}
on {lane}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/timeline.py" line="521"/>
        <source>pid {pid}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
