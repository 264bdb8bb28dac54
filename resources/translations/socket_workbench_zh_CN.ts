<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClientPane</name>
    <message>
        <source>— aim at a running server —</source>
        <translation>— 选择一个正在运行的服务器 —</translation>
    </message>
    <message>
        <source>Fill in family, type and address from a running server</source>
        <translation>从正在运行的服务器填入地址族、类型和地址</translation>
    </message>
    <message>
        <source>choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <source>The server&apos;s port (start a server to fill this in)</source>
        <translation>服务器的端口（启动一个服务器即可自动填入）</translation>
    </message>
    <message>
        <source>the server&apos;s socket file</source>
        <translation>服务器的套接字文件</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Shutdown (SHUT_WR)</source>
        <translation>关闭写端 (SHUT_WR)</translation>
    </message>
    <message>
        <source>shutdown(SHUT_WR): tell the server you will send nothing more</source>
        <translation>shutdown(SHUT_WR)：告诉服务器你不会再发送数据了</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>close(): release the socket</source>
        <translation>close()：释放这个套接字</translation>
    </message>
    <message>
        <source>The client the Send, Shutdown and Close buttons act on</source>
        <translation>“发送”“关闭写端”“关闭”三个按钮所操作的客户端</translation>
    </message>
    <message>
        <source>text (UTF-8)</source>
        <translation>文本 (UTF-8)</translation>
    </message>
    <message>
        <source>The text as UTF-8 bytes, exactly as typed</source>
        <translation>把输入的文本原样编码成 UTF-8 字节</translation>
    </message>
    <message>
        <source>hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Hex digits, e.g. de ad be ef or 0xde,0xad</source>
        <translation>十六进制数字，例如 de ad be ef 或 0xde,0xad</translation>
    </message>
    <message>
        <source>escaped (\xNN)</source>
        <translation>转义文本 (\xNN)</translation>
    </message>
    <message>
        <source>Text with \xNN, \n, \r, \t, \0 and \\ escapes, e.g. hello\x00\xff</source>
        <translation>可以使用 \xNN、\n、\r、\t、\0 和 \\ 转义的文本，例如 hello\x00\xff</translation>
    </message>
    <message>
        <source>How the payload below is turned into bytes</source>
        <translation>下面的载荷怎样变成字节</translation>
    </message>
    <message>
        <source>The socket call that sends the payload</source>
        <translation>用哪个套接字调用发送载荷</translation>
    </message>
    <message>
        <source>The bytes to send, written in the form chosen above (Ctrl+Enter sends)</source>
        <translation>要发送的字节，按上方选定的格式书写（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Target</source>
        <extracomment>Characters of the payload kept in the settings for next time. Where each spec field&apos;s error is shown (the error&apos;s ``field``; anything else: under Connect). The saved form&apos;s name in the settings.</extracomment>
        <translation>目标</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>地址族</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Acting on</source>
        <translation>操作对象</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>Address family of the server to reach: IPv4, IPv6 or a Unix socket file</source>
        <translation>要连接的服务器的地址族：IPv4、IPv6 或 Unix 套接字文件</translation>
    </message>
    <message>
        <source>Stream: connect, then a byte stream. Datagram: each sendto() is one message.</source>
        <translation>流式：先连接，再收发字节流。数据报：每次 sendto() 就是一条独立的消息。</translation>
    </message>
    <message>
        <source>The server&apos;s address, e.g. 127.0.0.1 or ::1</source>
        <translation>服务器的地址，例如 127.0.0.1 或 ::1</translation>
    </message>
    <message>
        <source>The socket file a Unix domain server listens on</source>
        <translation>Unix 域服务器监听的套接字文件</translation>
    </message>
    <message>
        <source>Open socket</source>
        <translation>创建套接字</translation>
    </message>
    <message>
        <source>socket() then connect(): a new client each click</source>
        <translation>先 socket() 再 connect()：每点一次就新建一个客户端</translation>
    </message>
    <message>
        <source>socket(): a new datagram client each click; it needs no connect() to sendto()</source>
        <translation>socket()：每点一次就新建一个数据报客户端；用 sendto() 发送前不需要 connect()</translation>
    </message>
    <message>
        <source>A connected stream socket sends with send()/sendall(); sendto() is for datagrams</source>
        <translation>已连接的流式套接字用 send()/sendall() 发送；sendto() 是给数据报用的</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>（另有 {n} 处）</translation>
    </message>
    <message>
        <source>Connect a client first: Send acts on the client chosen above.</source>
        <translation>请先连接一个客户端：“发送”作用于上面选中的客户端。</translation>
    </message>
    <message>
        <source>This client is closed; connect a new one.</source>
        <translation>这个客户端已关闭，请重新连接一个。</translation>
    </message>
    <message>
        <source>This client is not connected.</source>
        <translation>这个客户端还没有连接。</translation>
    </message>
    <message>
        <source>Fix the marked payload first: nothing is sent while it has errors.</source>
        <translation>请先改正载荷中标出的错误：有错误时什么也不会发送。</translation>
    </message>
    <message>
        <source>Type something to send.</source>
        <translation>请输入要发送的内容。</translation>
    </message>
    <message>
        <source>sendto() is for datagram sockets; choose send() or sendall().</source>
        <translation>sendto() 用于数据报套接字；请选择 send() 或 sendall()。</translation>
    </message>
    <message>
        <source>Send the payload with the chosen call (Ctrl+Enter)</source>
        <translation>用选定的调用发送载荷（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>{id} {state} · received {total} bytes in {calls} calls</source>
        <translation>{id} {state} · 已接收 {total} 字节（{calls} 次调用）</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Build real socketserver servers and socket clients by clicking, and watch every byte.</source>
        <extracomment>When set (or with --startup-probe), print the time to the first painted window and quit.</extracomment>
        <translation>点几下鼠标就能搭建真实的 socketserver 服务器和 socket 客户端，并看清每一个字节。</translation>
    </message>
    <message>
        <source>run the built-in self-test and exit</source>
        <translation>运行内置自检，然后退出</translation>
    </message>
    <message>
        <source>print the version and exit</source>
        <translation>显示版本号，然后退出</translation>
    </message>
    <message>
        <source>socket-workbench: settings not saved: {error}</source>
        <extracomment>Given to the QApplication the app creates: Fusion from the start, made by Qt itself.</extracomment>
        <translation>socket-workbench：设置没能保存：{error}</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong inside Socket Workbench ({n} times). It is still running.</source>
        <translation>Socket Workbench 内部出错了（已发生 {n} 次），程序仍在运行。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>unexpected error: %s (traceback in %s)</source>
        <extracomment>Environment variable that moves the error log (tests point it at a tmp dir).</extracomment>
        <translation>意外错误：%s（回溯信息见 %s）</translation>
    </message>
    <message>
        <source>Something went wrong inside Socket Workbench. It is still running.</source>
        <translation>Socket Workbench 内部出错了，程序仍在运行。</translation>
    </message>
    <message>
        <source>(the log file could not be written)</source>
        <translation>（无法写入日志文件）</translation>
    </message>
    <message>
        <source>{message}

The details were written to:
{path}</source>
        <translation>{message}

详细信息已写入：
{path}</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>time since first (s)</source>
        <extracomment>record -&gt; (its connection&apos;s frames, the frames its call ended, the frame its first byte is in) How the time column reads: the clock time, seconds since the session&apos;s first event, or since the row above.</extracomment>
        <translation>距首个事件（秒）</translation>
    </message>
    <message>
        <source>delta (s)</source>
        <translation>与上一行之差（秒）</translation>
    </message>
    <message>
        <source>time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>thread/pid</source>
        <translation>线程/进程</translation>
    </message>
    <message>
        <source>event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>bytes (frames)</source>
        <translation>字节（按帧）</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>{phase} (error)</source>
        <translation>{phase}（出错）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>出错</translation>
    </message>
    <message>
        <source>{n} B</source>
        <translation>{n} B</translation>
    </message>
    <message>
        <source>{n} of {asked} B</source>
        <translation>{n} / {asked} B</translation>
    </message>
    <message>
        <source>frame #{n}: {size} B</source>
        <translation>帧 #{n}：{size} B</translation>
    </message>
    <message>
        <source>frame #{n} (incomplete): {size} B</source>
        <translation>帧 #{n}（不完整）：{size} B</translation>
    </message>
    <message>
        <source>frames #{first}–#{last}: {size} B</source>
        <translation>帧 #{first}–#{last}：共 {size} B</translation>
    </message>
    <message>
        <source>{n} B, part of frame #{frame}</source>
        <translation>{n} B，属于帧 #{frame}</translation>
    </message>
    <message>
        <source>peer: {peer}</source>
        <translation>对端：{peer}</translation>
    </message>
    <message>
        <source>address: {address}</source>
        <translation>地址：{address}</translation>
    </message>
    <message>
        <source>first bytes: {text}</source>
        <translation>开头的字节：{text}</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation>错误：{error}</translation>
    </message>
    <message>
        <source>ends frame #{n} ({size} B): {text}</source>
        <translation>这次调用收尾了帧 #{n}（{size} B）：{text}</translation>
    </message>
    <message>
        <source>and {n} more frames</source>
        <translation>另外还有 {n} 帧</translation>
    </message>
    <message>
        <source>part of frame #{n}, which ends in a later call</source>
        <translation>属于帧 #{n}，这一帧在后面的调用里才结束</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
</context>
<context>
    <name>EventsPane</name>
    <message>
        <source>All sources</source>
        <translation>全部来源</translation>
    </message>
    <message>
        <source>Show events of one server or client only</source>
        <translation>只显示某一个服务器或客户端的事件</translation>
    </message>
    <message>
        <source>any request</source>
        <translation>任意请求</translation>
    </message>
    <message>
        <source>Show events of one request number only</source>
        <translation>只显示某一个请求编号的事件</translation>
    </message>
    <message>
        <source>event names, e.g. handle, recv</source>
        <translation>事件名，例如 handle, recv</translation>
    </message>
    <message>
        <source>Show events whose name contains any of these words (comma or space separated)</source>
        <translation>只显示名称里含有其中任意一个词的事件（用逗号或空格分隔）</translation>
    </message>
    <message>
        <source>Time:</source>
        <translation>时间：</translation>
    </message>
    <message>
        <source>clock time</source>
        <translation>钟点时间</translation>
    </message>
    <message>
        <source>since the first event</source>
        <translation>从第一个事件算起</translation>
    </message>
    <message>
        <source>since the row above</source>
        <translation>与上一行相差</translation>
    </message>
    <message>
        <source>How the time column reads; remembered for the next run</source>
        <translation>时间这一列怎么显示；下次启动时仍然沿用</translation>
    </message>
    <message>
        <source>Bytes:</source>
        <translation>字节：</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Source:</source>
        <extracomment>The bytes column is at least this wide: a size and a few bytes (at 1280 px it fills the rest, wider).</extracomment>
        <translation>来源：</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>Copy rows</source>
        <translation>复制这些行</translation>
    </message>
    <message>
        <source>Copy the selected rows as tab-separated text, with a header line</source>
        <translation>把选中的行复制成以制表符分隔的文本，第一行是列标题</translation>
    </message>
    <message>
        <source>Select all rows</source>
        <translation>选中所有行</translation>
    </message>
    <message>
        <source>Follow stream</source>
        <translation>追踪流</translation>
    </message>
    <message>
        <source>Show the bytes in the hex view</source>
        <translation>在十六进制视图里看这些字节</translation>
    </message>
    <message>
        <source>request must be a whole number, like 3</source>
        <translation>请求编号必须是整数，例如 3</translation>
    </message>
    <message>
        <source>request numbers start at 0</source>
        <translation>请求编号从 0 开始</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>{shown} of {total} events</source>
        <translation>显示 {shown} 个事件，共 {total} 个</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Type what to find</source>
        <extracomment>Bytes searched per read: a window, plus a little of the next so a match across the cut is found. The longest regex match that is sure to be found (a window is searched with this much of the next). GUI-thread time one tick of a search may take.</extracomment>
        <translation>先输入要查找的内容</translation>
    </message>
    <message>
        <source>Type at least one byte in hex, like de ad be ef</source>
        <translation>至少要有一个十六进制字节，比如 de ad be ef</translation>
    </message>
    <message>
        <source>A regex matches bytes: {char} is above \xff; write bytes as \xNN</source>
        <translation>正则表达式匹配的是字节：{char} 超出了 \xff，请把字节写成 \xNN</translation>
    </message>
    <message>
        <source>Not a valid regular expression: {reason}</source>
        <translation>这不是有效的正则表达式：{reason}</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Find:</source>
        <translation>查找：</translation>
    </message>
    <message>
        <source>hex bytes</source>
        <translation>十六进制字节</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>regex</source>
        <translation>正则表达式</translation>
    </message>
    <message>
        <source>hex bytes: de ad be ef · text: its UTF-8 bytes · regex: a Python regular expression over the bytes</source>
        <translation>十六进制字节：de ad be ef · 文本：按它的 UTF-8 字节查找 · 正则表达式：在字节上匹配的 Python 正则表达式</translation>
    </message>
    <message>
        <source>de ad be ef</source>
        <translation>例如 de ad be ef</translation>
    </message>
    <message>
        <source>text to find</source>
        <translation>要查找的文本</translation>
    </message>
    <message>
        <source>a Python regex, e.g. PING \d+\r?\n</source>
        <translation>Python 正则表达式，例如 PING \d+\r?\n</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Find the previous match (Shift+F3)</source>
        <translation>找上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>Find the next match (Enter, F3)</source>
        <translation>找下一个匹配（Enter、F3）</translation>
    </message>
    <message>
        <source>No bytes to search in: pick a connection that moved some</source>
        <translation>没有可查找的字节：请选一个收发过数据的连接</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Searching… {percent}%</source>
        <translation>正在查找… {percent}%</translation>
    </message>
    <message>
        <source>Not found in {n} bytes</source>
        <translation>在 {n} 个字节里没有找到</translation>
    </message>
    <message>
        <source>Match at offset 0x{start:x} ({start}), {length} byte(s)</source>
        <translation>在偏移 0x{start:x}（{start}）处找到，{length} 字节</translation>
    </message>
    <message>
        <source>wrapped past the end</source>
        <translation>已越过末尾，从开头接着找</translation>
    </message>
    <message>
        <source>wrapped past the start</source>
        <translation>已越过开头，从末尾接着找</translation>
    </message>
</context>
<context>
    <name>FollowStreamView</name>
    <message>
        <source>Follow stream: {connection}</source>
        <extracomment>Bytes shown before &quot;Show more&quot; is needed (and added by each click). Bytes of one block shown at most (the rest: see the hex view). Bytes turned into text per growth step (a step runs on the GUI thread).</extracomment>
        <translation>追踪流：{connection}</translation>
    </message>
    <message>
        <source>Show as:</source>
        <translation>显示为：</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Blocks:</source>
        <translation>分段：</translation>
    </message>
    <message>
        <source>→ sent</source>
        <translation>→ 发送</translation>
    </message>
    <message>
        <source>← received</source>
        <translation>← 接收</translation>
    </message>
    <message>
        <source>Show more</source>
        <translation>再显示一些</translation>
    </message>
    <message>
        <source>Show the next {size} of the conversation</source>
        <translation>接着显示这段对话的下 {size}</translation>
    </message>
    <message>
        <source>{arrow} {direction} · {call}() · {n} B · {delta}</source>
        <translation>{arrow} {direction} · {call}() · {n} B · {delta}</translation>
    </message>
    <message>
        <source>frame #{n}</source>
        <translation>帧 #{n}</translation>
    </message>
    <message>
        <source>frame #{n}, incomplete</source>
        <translation>帧 #{n}，不完整</translation>
    </message>
    <message>
        <source>{arrow} {direction} · {frame} · {n} B in {calls} call(s) · {delta}</source>
        <translation>{arrow} {direction} · {frame} · {n} B，来自 {calls} 次调用 · {delta}</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>+{seconds} s</source>
        <translation>+{seconds} 秒</translation>
    </message>
    <message>
        <source>… {n} more bytes in this block (the hex view shows them all)</source>
        <translation>… 这一段还有 {n} 个字节没显示（十六进制视图里能看到全部）</translation>
    </message>
    <message>
        <source>This connection is no longer in the session.</source>
        <translation>这个连接已经不在当前会话里了。</translation>
    </message>
    <message numerus="yes">
        <source>%n block(s)</source>
        <translation>
            <numerusform>%n 段</numerusform>
        </translation>
    </message>
    <message>
        <source>{blocks}, {shown} of {total} shown</source>
        <translation>{blocks}，已显示 {shown} / {total}</translation>
    </message>
    <message>
        <source>framing…</source>
        <translation>正在分帧…</translation>
    </message>
    <message>
        <source>more with Show more</source>
        <translation>点“再显示一些”看后面的内容</translation>
    </message>
</context>
<context>
    <name>FramingChoice</name>
    <message>
        <source>by call (recv/send)</source>
        <extracomment>Framings offered in the choosers (any other spec can be typed where the chooser is editable). GUI-thread time one tick of a FrameCache may spend framing, and the pause between ticks.</extracomment>
        <translation>按调用（recv/send）</translation>
    </message>
</context>
<context>
    <name>FramingCombo</name>
    <message>
        <source>How to group the bytes: by socket call, or into frames: line, delimiter:\r\n, length:u16be (a length prefix), fixed:N. Type another one and press Enter.</source>
        <translation>字节怎么分组：按套接字调用，或者分成帧：line、delimiter:\r\n、length:u16be（长度前缀）、fixed:N。也可以输入别的分帧方式，按 Enter 生效。</translation>
    </message>
    <message>
        <source>How to group the bytes: by socket call, or into the frames chosen in the hex view</source>
        <translation>字节怎么分组：按套接字调用，或者按十六进制视图里选的分帧方式分成帧</translation>
    </message>
</context>
<context>
    <name>GotoBar</name>
    <message>
        <source>Type an offset: decimal like 1024, or hex like 0x400</source>
        <translation>请输入偏移：十进制如 1024，十六进制如 0x400</translation>
    </message>
    <message>
        <source>{text} is not an offset: use decimal like 1024, or hex like 0x400</source>
        <translation>{text} 不是偏移：请用十进制（如 1024）或十六进制（如 0x400）</translation>
    </message>
    <message>
        <source>This connection has no bytes yet</source>
        <translation>这个连接还没有任何字节</translation>
    </message>
    <message>
        <source>The offset must be from 0 to {last} (0x{last:x}): the connection has {total} bytes</source>
        <translation>偏移必须在 0 到 {last}（0x{last:x}）之间：这个连接共有 {total} 个字节</translation>
    </message>
    <message>
        <source>Go to offset:</source>
        <translation>跳转到偏移：</translation>
    </message>
    <message>
        <source>1024 or 0x400</source>
        <translation>1024 或 0x400</translation>
    </message>
    <message>
        <source>Go</source>
        <translation>跳转</translation>
    </message>
    <message>
        <source>At offset 0x{offset:x} ({offset})</source>
        <translation>已跳到偏移 0x{offset:x}（{offset}）</translation>
    </message>
</context>
<context>
    <name>HexModel</name>
    <message>
        <source>offset</source>
        <extracomment>Text and tint per direction; the legend, the view and the model use the same pair. Every other frame of a direction, a step deeper, so neighbouring frames stand apart.</extracomment>
        <translation>偏移</translation>
    </message>
    <message>
        <source>ASCII</source>
        <translation>ASCII</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>chunk #{index}: {call}(), {direction} {length} B at 0x{offset:x}, {when}</source>
        <translation>数据块 #{index}：{call}()，{direction} {length} B，位于 0x{offset:x}，{when}</translation>
    </message>
</context>
<context>
    <name>HexPane</name>
    <message>
        <source>Which connection&apos;s bytes to show</source>
        <translation>显示哪一个连接的字节</translation>
    </message>
    <message>
        <source>no connection yet</source>
        <translation>还没有连接</translation>
    </message>
    <message>
        <source>Follow stream</source>
        <translation>追踪流</translation>
    </message>
    <message>
        <source>This connection as a conversation, both directions in order (Ctrl+T)</source>
        <translation>把这个连接当成一段对话来看，两个方向按先后排好（Ctrl+T）</translation>
    </message>
    <message>
        <source>Frames:</source>
        <translation>分帧：</translation>
    </message>
    <message>
        <source>every other frame</source>
        <translation>隔一帧颜色加深</translation>
    </message>
    <message>
        <source>Every other frame is a shade deeper, so neighbouring frames stand apart</source>
        <translation>每隔一帧底色深一些，相邻的帧一眼就能分开</translation>
    </message>
    <message>
        <source>▌ call start</source>
        <translation>▌ 调用起点</translation>
    </message>
    <message>
        <source>Where the bytes of each recv/send call begin</source>
        <translation>每次 recv/send 调用的字节从这里开始</translation>
    </message>
    <message>
        <source>▛ frame start</source>
        <translation>▛ 帧起点</translation>
    </message>
    <message>
        <source>Where each frame of the chosen framing begins</source>
        <translation>按所选分帧方式，每一帧从这里开始</translation>
    </message>
    <message>
        <source>Find…</source>
        <translation>查找…</translation>
    </message>
    <message>
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <source>Go to offset…</source>
        <translation>跳转到偏移…</translation>
    </message>
    <message>
        <source>Select this frame</source>
        <translation>选中这一帧</translation>
    </message>
    <message>
        <source>{n} bytes in {calls} calls</source>
        <translation>{n} 字节，{calls} 次调用</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>连接：</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>UDP, 1 datagram</source>
        <translation>UDP，1 个数据报</translation>
    </message>
    <message>
        <source>UDP, {n} datagrams</source>
        <translation>UDP，{n} 个数据报</translation>
    </message>
    <message>
        <source>1 datagram</source>
        <translation>1 个数据报</translation>
    </message>
    <message>
        <source>{n} datagrams</source>
        <translation>{n} 个数据报</translation>
    </message>
    <message>
        <source>{source} #{request}</source>
        <translation>{source} #{request}</translation>
    </message>
    <message>
        <source>grouped by socket call</source>
        <translation>按套接字调用分组</translation>
    </message>
    <message>
        <source>framing… {percent}%</source>
        <translation>正在分帧… {percent}%</translation>
    </message>
    <message>
        <source>{sent} frame(s) sent, {received} received</source>
        <translation>发送 {sent} 帧，接收 {received} 帧</translation>
    </message>
    <message>
        <source>framing stopped in one direction (see the inspector)</source>
        <translation>有一个方向的分帧中途停了（详见检查器）</translation>
    </message>
    <message>
        <source>sent {sent} bytes, received {received} bytes</source>
        <translation>已发送 {sent} 字节，已接收 {received} 字节</translation>
    </message>
</context>
<context>
    <name>HexView</name>
    <message>
        <source>Hex view</source>
        <extracomment>The mark at each frame&apos;s first byte: a colour no tint, text or chunk mark uses. Copying more than this as text would stall the clipboard; say so instead.</extracomment>
        <translation>十六进制视图</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <extracomment>More context-menu entries (the pane&apos;s Follow stream, Find, Go to offset). Called before painting a range of bytes: frame them if it is quick (the pane&apos;s FrameCache).</extracomment>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <source>Copy as Python bytes literal</source>
        <translation>复制为 Python bytes 字面量</translation>
    </message>
    <message>
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>No bytes yet: pick a connection that has sent or received data.</source>
        <translation>还没有字节：请选择一个已经发送或接收过数据的连接。</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>偏移</translation>
    </message>
</context>
<context>
    <name>InspectorModel</name>
    <message>
        <source>type</source>
        <extracomment>Bytes handed to inspect_bytes at most: numbers use 8, text shows the first 256.</extracomment>
        <translation>类型</translation>
    </message>
    <message>
        <source>little endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <source>big endian</source>
        <translation>大端</translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <source>Inspector</source>
        <extracomment>The checksums shown (workbench.checksum names), the ones serial and field-bus protocols use most. Checksums are computed over at most this much of the selection (a few ms; more would stall a drag).</extracomment>
        <translation>检查器</translation>
    </message>
    <message>
        <source>checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>appended as</source>
        <translation>附加时的字节</translation>
    </message>
    <message>
        <source>Checksums of the selected bytes; &apos;appended as&apos; is how a sender puts the value after the data</source>
        <translation>选中字节的校验和；“附加时的字节”是发送方把这个值接在数据后面时的样子</translation>
    </message>
    <message>
        <source>Values</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Checksums</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>CRC-16/MODBUS, CRC-16/CCITT-FALSE, CRC-32, SUM8 and XOR8 of the selection</source>
        <translation>选中字节的 CRC-16/MODBUS、CRC-16/CCITT-FALSE、CRC-32、SUM8 和 XOR8</translation>
    </message>
    <message>
        <source>Copy as hex</source>
        <translation>复制为十六进制</translation>
    </message>
    <message>
        <source>Copy as Python bytes</source>
        <translation>复制为 Python bytes</translation>
    </message>
    <message>
        <source>Selection: none</source>
        <translation>选区：无</translation>
    </message>
    <message>
        <source>Chunk: —</source>
        <translation>数据块：—</translation>
    </message>
    <message>
        <source>Frame: —</source>
        <translation>帧：—</translation>
    </message>
    <message>
        <source>Selection: offset 0x{start:x} ({start}), {length} byte(s)</source>
        <translation>选区：偏移 0x{start:x}（{start}），{length} 字节</translation>
    </message>
    <message>
        <source>Cursor in {chunk}</source>
        <translation>光标所在：{chunk}</translation>
    </message>
    <message>
        <source>Frame: not framed yet ({spec})</source>
        <translation>帧：还没分到这里（{spec}）</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>完整</translation>
    </message>
    <message>
        <source>incomplete so far</source>
        <translation>目前还不完整</translation>
    </message>
    <message>
        <source>incomplete</source>
        <translation>不完整</translation>
    </message>
    <message>
        <source>Cursor in frame #{number} ({spec}), {direction}: {length} B, {calls} call(s), {state}</source>
        <translation>光标在帧 #{number}（{spec}），{direction}：{length} B，{calls} 次调用，{state}</translation>
    </message>
    <message>
        <source>Framing stopped: {reason}</source>
        <translation>分帧停止了：{reason}</translation>
    </message>
    <message>
        <source>Checksums: select some bytes</source>
        <translation>校验和：先选中一些字节</translation>
    </message>
    <message>
        <source>Checksums of the first {limit} of the selection</source>
        <translation>选中内容前 {limit} 的校验和</translation>
    </message>
    <message>
        <source>Checksums of the {n} selected byte(s)</source>
        <translation>选中的 {n} 个字节的校验和</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>Each language&apos;s name in itself: a reader finds their own language whatever the window speaks.</extracomment>
        <translation>语言 Language(&amp;L)</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>跟随系统（{language}）</translation>
    </message>
    <message>
        <source>The Chinese translation is missing from this build</source>
        <translation>这个版本缺少中文翻译文件</translation>
    </message>
</context>
<context>
    <name>LiveList</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Mixin</source>
        <translation>混入类</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>(all interfaces)</source>
        <translation>（所有网络接口）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>handler {name}</source>
        <translation>处理器 {name}</translation>
    </message>
    <message>
        <source>Double-click: aim the client form at this server</source>
        <translation>双击：让客户端表单指向这个服务器</translation>
    </message>
    <message>
        <source>requests being handled now / accepted so far</source>
        <translation>正在处理的请求数 / 已接受的请求总数</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>shutdown() and server_close()</source>
        <translation>调用 shutdown() 和 server_close()</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>socket.close()</source>
        <translation>调用 socket.close()</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>peer closed</source>
        <translation>对端已关闭</translation>
    </message>
    <message>
        <source>in the accept queue, not yet accepted</source>
        <translation>在连接队列中，尚未被 accept</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>{id}: local {local} → {target}</source>
        <translation>{id}：本地 {local} → {target}</translation>
    </message>
    <message>
        <source>End now</source>
        <translation>立即结束</translation>
    </message>
    <message>
        <source>Shut the waiting requests&apos; sockets down so handle() returns, then stop</source>
        <translation>关闭这些请求的套接字，让 handle() 返回，然后停止服务器</translation>
    </message>
    <message>
        <source>(+{n} waiting)</source>
        <translation>（另有 {n} 个在排队）</translation>
    </message>
    <message>
        <source>waiting for {held}</source>
        <translation>正在等待 {held}</translation>
    </message>
    <message>
        <source>accept queue: {n} connection(s) the kernel completed that accept() has not taken yet (its limit, from listen(backlog): {limit})</source>
        <translation>连接队列：内核已完成握手、但 accept() 还没取走的连接有 {n} 个（上限来自 listen(backlog)：{limit}）</translation>
    </message>
    <message>
        <source>request #{rid} from {peer}</source>
        <translation>来自 {peer} 的请求 #{rid}</translation>
    </message>
    <message>
        <source>Stop is waiting for: {held}</source>
        <translation>停止操作正在等待：{held}</translation>
    </message>
    <message>
        <source>not serving</source>
        <translation type="vanished">服务已中断</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
</context>
<context>
    <name>LogPane</name>
    <message>
        <source>Debug and above</source>
        <extracomment>(level, colour, short tag) per level; the tag keeps levels readable without colour. The level filter&apos;s choices, in its order.</extracomment>
        <translation>调试及以上</translation>
    </message>
    <message>
        <source>Info and above</source>
        <translation>信息及以上</translation>
    </message>
    <message>
        <source>Warnings and errors</source>
        <translation>警告和错误</translation>
    </message>
    <message>
        <source>Errors only</source>
        <translation>只看错误</translation>
    </message>
    <message>
        <source>Show only log records at this level or above</source>
        <translation>只显示这个级别及以上的日志记录</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Remove every record shown here</source>
        <translation>清除这里显示的全部记录</translation>
    </message>
    <message>
        <source>Messages from the engine and from server threads appear here.</source>
        <translation>引擎和服务器线程的消息会显示在这里。</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>级别：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{what} is not available in this build.</source>
        <translation>这个版本里没有{what}。</translation>
    </message>
    <message>
        <source>Socket Workbench</source>
        <translation>Socket Workbench</translation>
    </message>
    <message>
        <source>The event table</source>
        <translation>事件表</translation>
    </message>
    <message>
        <source>Start a server (one click gives an echo server on 127.0.0.1), then connect a client.</source>
        <translation>先启动一个服务器（点一下就会在 127.0.0.1 上得到一个 echo 服务器），再连接一个客户端。</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Socket Workbench sessions (*.swb);;All files (*)</source>
        <translation>Socket Workbench 会话 (*.swb);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Running servers and clients</source>
        <translation>运行中的服务器和客户端</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Hex</source>
        <translation>十六进制</translation>
    </message>
    <message>
        <source>Every lifecycle method and socket call, newest last</source>
        <translation>每一个生命周期方法和套接字调用，最新的在最后</translation>
    </message>
    <message>
        <source>setup / handle / finish as bars, one lane per thread or process</source>
        <translation>用横条显示 setup / handle / finish，每个线程或进程一条泳道</translation>
    </message>
    <message>
        <source>The bytes of one connection: sent and received in two colours</source>
        <translation>一个连接的字节：发送和接收用两种颜色区分</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Save session as…</source>
        <translation>会话另存为(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Recent sessions</source>
        <translation>最近的会话</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>JSON lines…</source>
        <translation>JSON Lines 文件…</translation>
    </message>
    <message>
        <source>&amp;Workbench</source>
        <translation>工作台(&amp;W)</translation>
    </message>
    <message>
        <source>Stop all servers and close all clients</source>
        <translation>停止所有服务器并关闭所有客户端</translation>
    </message>
    <message>
        <source>That event is not in the event table: its filter hides it.</source>
        <translation>事件表里看不到这个事件：它被筛选条件隐藏了。</translation>
    </message>
    <message>
        <source>The engine process has stopped; what it recorded is still shown.</source>
        <translation>引擎进程已停止；它记录下的内容仍然可以查看。</translation>
    </message>
    <message>
        <source>Nothing recorded yet: start a server or a client first.</source>
        <translation>还没有任何记录：请先启动一个服务器或客户端。</translation>
    </message>
    <message>
        <source>Save session as</source>
        <translation>会话另存为</translation>
    </message>
    <message>
        <source>Saving {path}…</source>
        <translation>正在保存 {path}…</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path} ({size} bytes)</source>
        <translation>已保存 {path}（{size} 字节）</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Could not open {path}: {reason}</source>
        <translation>无法打开 {path}：{reason}</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Export as JSON lines</source>
        <translation>导出为 JSON Lines</translation>
    </message>
    <message>
        <source>JSON lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>Could not export {path}: {reason}</source>
        <translation>无法导出 {path}：{reason}</translation>
    </message>
    <message>
        <source>Exported {count} events to {path}</source>
        <translation>已把 {count} 个事件导出到 {path}</translation>
    </message>
    <message>
        <source>Clear events and log</source>
        <translation type="vanished">清空事件和日志</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Clear the views</source>
        <translation>清空视图</translation>
    </message>
    <message>
        <source>Hide what was recorded so far from the panes; the session keeps it (Save saves it all)</source>
        <translation>在各个面板中隐藏到目前为止的记录；会话里仍然保留着它们（保存时会全部保存）</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Start a new engine</source>
        <translation>启动新的引擎</translation>
    </message>
    <message>
        <source>A new engine process and a new live session; the old one stays readable until then</source>
        <translation>启动一个新的引擎进程和新的实时会话；在那之前，旧会话仍然可以查看</translation>
    </message>
    <message>
        <source>A saved session, read-only: {path}</source>
        <translation>已保存的会话（只读）：{path}</translation>
    </message>
    <message>
        <source>The timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>The hex view</source>
        <translation>十六进制视图</translation>
    </message>
    <message>
        <source>Stopping servers and closing clients…</source>
        <translation type="vanished">正在停止服务器并关闭客户端…</translation>
    </message>
</context>
<context>
    <name>SelfTest</name>
    <message>
        <source>PASS</source>
        <extracomment>Every byte value once, then readable text: what each server must echo back unchanged. Lifecycle steps every request must show, in this order (enter events), whatever the mixin. Seconds one combination may take before it counts as failed. Seconds after which the remaining combinations are not started (the whole run stays short). The report&apos;s words come from the app&apos;s .qm; main() picks the language. English until then.</extracomment>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>SKIP</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>the engine process ended with exit status {code}: {last}</source>
        <translation>主机进程退出，退出状态为 {code}：{last}</translation>
    </message>
    <message>
        <source>{step} not seen</source>
        <translation>没有看到 {step}</translation>
    </message>
    <message>
        <source>{step} raised {error}</source>
        <translation>{step} 抛出了 {error}</translation>
    </message>
    <message>
        <source>steps out of order: {steps}</source>
        <translation>步骤顺序不对，应当是：{steps}</translation>
    </message>
    <message>
        <source>{seen} requests seen, expected {expected}</source>
        <translation>看到 {seen} 个请求，应当是 {expected} 个</translation>
    </message>
    <message>
        <source>request {id}: {problem}</source>
        <translation>请求 {id}：{problem}</translation>
    </message>
    <message>
        <source>bytes in the server&apos;s recv events differ from what the client sent</source>
        <translation>服务器 recv 事件里的字节与客户端发送的不一致</translation>
    </message>
    <message>
        <source>bytes in the server&apos;s send events differ from what it echoed</source>
        <translation>服务器 send 事件里的字节与它回显的不一致</translation>
    </message>
    <message>
        <source>bytes in the client&apos;s send events differ from the payload</source>
        <translation>客户端 send 事件里的字节与载荷不一致</translation>
    </message>
    <message>
        <source>bytes in the client&apos;s recv events differ from the echo</source>
        <translation>客户端 recv 事件里的字节与回显不一致</translation>
    </message>
    <message>
        <source>ForkingMixIn ran handle() in the parent process, not a child</source>
        <translation>ForkingMixIn 在父进程而不是子进程里运行了 handle()</translation>
    </message>
    <message>
        <source>ThreadingMixIn ran handle() on the serve_forever thread</source>
        <translation>ThreadingMixIn 在 serve_forever 线程上运行了 handle()</translation>
    </message>
    <message>
        <source>echo differs: sent {sent} bytes, got {got}</source>
        <translation>回显不一致：发送了 {sent} 字节，收到 {got} 字节</translation>
    </message>
    <message>
        <source>server still running after stop()</source>
        <translation>stop() 之后服务器仍在运行</translation>
    </message>
    <message>
        <source>socket file {path} left behind</source>
        <translation>套接字文件 {path} 没有被删除</translation>
    </message>
    <message>
        <source>no echo within {seconds} s</source>
        <translation>{seconds} 秒内没有收到回显</translation>
    </message>
    <message>
        <source>the engine process did not start: {reason}</source>
        <translation>主机进程未能启动：{reason}</translation>
    </message>
    <message>
        <source>not run: the self-test passed its {seconds} s budget</source>
        <translation>未运行：自检已超出 {seconds} 秒的时限</translation>
    </message>
    <message>
        <source>the app icon is missing from the bundle</source>
        <translation>打包结果里缺少应用图标</translation>
    </message>
    <message>
        <source>icon not found</source>
        <translation>没有找到图标</translation>
    </message>
    <message>
        <source>translations missing from the bundle: {files}</source>
        <translation>打包结果里缺少翻译文件：{files}</translation>
    </message>
    <message>
        <source>translations not built: {files}</source>
        <translation>翻译文件还没有生成：{files}</translation>
    </message>
    <message>
        <source>{what} painted an empty picture</source>
        <translation>{what} 画出来是一片空白</translation>
    </message>
    <message>
        <source>{what} painted {width}x{height}</source>
        <translation>{what} 已绘制 {width}x{height}</translation>
    </message>
    <message>
        <source>Check this copy of Socket Workbench: every server type, a client, the bytes, and Qt.</source>
        <translation>检查这份 Socket Workbench 是否正常：每一种服务器、一个客户端、收发的字节，以及 Qt。</translation>
    </message>
    <message>
        <source>skip the Qt window check</source>
        <translation>跳过 Qt 窗口检查</translation>
    </message>
    <message>
        <source>print the events of failing combinations</source>
        <translation>输出失败组合的全部事件</translation>
    </message>
    <message>
        <source>also write the report to FILE</source>
        <translation>同时把报告写入 FILE</translation>
    </message>
    <message>
        <source>seconds per combination (default %(default)s)</source>
        <translation>每个组合最多用时几秒（默认 %(default)s）</translation>
    </message>
    <message>
        <source>--timeout must be between 0 and 120 seconds</source>
        <translation>--timeout 必须在 0 到 120 秒之间</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>打包版</translation>
    </message>
    <message>
        <source>from source</source>
        <translation>源码版</translation>
    </message>
    <message>
        <source>Socket Workbench {version} self-test ({how}; Python {python}, {system})</source>
        <translation>Socket Workbench {version} 自检（{how}；Python {python}，{system}）</translation>
    </message>
    <message>
        <source>cleanup</source>
        <translation>清理</translation>
    </message>
    <message>
        <source>threads left running: {names}</source>
        <translation>还有线程在运行：{names}</translation>
    </message>
    <message>
        <source>self-test PASSED: {passed} passed, {failed} failed, {skipped} skipped in {seconds} s</source>
        <translation>自检通过：{passed} 项通过，{failed} 项失败，{skipped} 项跳过，用时 {seconds} 秒</translation>
    </message>
    <message>
        <source>self-test FAILED: {passed} passed, {failed} failed, {skipped} skipped in {seconds} s</source>
        <translation>自检失败：{passed} 项通过，{failed} 项失败，{skipped} 项跳过，用时 {seconds} 秒</translation>
    </message>
</context>
<context>
    <name>ServerPane</name>
    <message>
        <source>Address family: IPv4, IPv6 or a Unix domain socket (a file path)</source>
        <translation>地址族：IPv4、IPv6 或 Unix 域套接字（一个文件路径）</translation>
    </message>
    <message>
        <source>Stream: connections and a byte stream. Datagram: separate messages.</source>
        <translation>流式：先建立连接，再收发字节流。数据报：一条条独立的消息。</translation>
    </message>
    <message>
        <source>127.0.0.1 / ::1: this machine only. 0.0.0.0 / ::: all interfaces (other machines too).</source>
        <translation>127.0.0.1 / ::1：只有本机能连接。0.0.0.0 / ::：所有网络接口（其他机器也能连接）。</translation>
    </message>
    <message>
        <source>0 (any free)</source>
        <translation>0（自动分配）</translation>
    </message>
    <message>
        <source>0 lets the operating system pick a free port; the bound port is shown</source>
        <translation>0 表示让操作系统挑一个空闲端口，绑定后会显示实际端口</translation>
    </message>
    <message>
        <source>The socket file the server creates; it is removed when the server stops</source>
        <translation>服务器创建的套接字文件，服务器停止时会把它删除</translation>
    </message>
    <message>
        <source>listen(backlog): connections the kernel queues before accept()</source>
        <translation>listen(backlog)：在 accept() 取走之前，内核最多替你排队的连接数</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>No mixin: one request at a time, on the serve_forever thread</source>
        <translation>不用混入类：在 serve_forever 线程上一次只处理一个请求</translation>
    </message>
    <message>
        <source>ThreadingMixIn: a new thread per request</source>
        <translation>ThreadingMixIn：每个请求开一个新线程</translation>
    </message>
    <message>
        <source>ForkingMixIn: a child process per request</source>
        <translation>ForkingMixIn：每个请求派生一个子进程</translation>
    </message>
    <message>
        <source>How the server handles requests: in turn, on threads, or in child processes</source>
        <translation>服务器怎样处理请求：逐个处理、交给线程，或交给子进程</translation>
    </message>
    <message>
        <source>echo: send back what arrives</source>
        <translation>echo：收到什么就发回什么</translation>
    </message>
    <message>
        <source>upper: send back in upper case</source>
        <translation>upper：转成大写再发回</translation>
    </message>
    <message>
        <source>discard: read and drop</source>
        <translation>discard：读出来就丢掉</translation>
    </message>
    <message>
        <source>daytime: send the time</source>
        <translation>daytime：发回当前时间</translation>
    </message>
    <message>
        <source>What the request handler&apos;s handle() does</source>
        <translation>请求处理器的 handle() 做什么</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>handle() sleeps this long first: makes concurrency visible</source>
        <translation>handle() 先休眠这么久，让并发看得见</translation>
    </message>
    <message>
        <source>fail in handle()</source>
        <translation>让 handle() 出错</translation>
    </message>
    <message>
        <source>handle() raises, so you can watch handle_error()</source>
        <translation>handle() 会抛出异常，这样就能观察 handle_error()</translation>
    </message>
    <message>
        <source>SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT</source>
        <translation>SO_REUSEADDR：不必等 TIME_WAIT 结束就能在同一端口重新启动</translation>
    </message>
    <message>
        <source>everyone (e.g. 127.0.0.1, 10.0.0.0/8)</source>
        <translation>所有人（例如 127.0.0.1, 10.0.0.0/8）</translation>
    </message>
    <message>
        <source>verify_request() admits only these addresses or networks, comma-separated</source>
        <translation>verify_request() 只放行这些地址或网段，用逗号分隔</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>Family</source>
        <extracomment>Colours that carry meaning; everything else comes from the palette (see ui.app.apply_style). The saved form&apos;s name in the settings.</extracomment>
        <translation>地址族</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Mixin</source>
        <translation>混入类</translation>
    </message>
    <message>
        <source>Handler</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>等待队列</translation>
    </message>
    <message>
        <source>Allow</source>
        <translation>允许</translation>
    </message>
    <message>
        <source>An allow list filters IP addresses; AF_UNIX clients have none</source>
        <translation>允许列表按 IP 地址过滤，而 AF_UNIX 客户端没有 IP 地址</translation>
    </message>
    <message>
        <source>SO_REUSEADDR on UDP lets a second server bind the same port without an error</source>
        <translation>在 UDP 上，SO_REUSEADDR 会让第二个服务器也能绑定同一端口而不报错</translation>
    </message>
    <message>
        <source>Datagram servers do not listen(), so there is no backlog</source>
        <translation>数据报服务器不调用 listen()，所以没有等待队列</translation>
    </message>
    <message>
        <source>all interfaces: other machines can connect</source>
        <translation>所有网络接口：其他机器也能连接</translation>
    </message>
    <message>
        <source>loopback: this machine only</source>
        <translation>回环地址：只有本机能连接</translation>
    </message>
    <message>
        <source>Binding…</source>
        <translation>正在绑定…</translation>
    </message>
    <message>
        <source>(all interfaces)</source>
        <translation>（所有网络接口）</translation>
    </message>
    <message>
        <source>{id} listening on {address}</source>
        <translation>{id} 正在 {address} 上监听</translation>
    </message>
</context>
<context>
    <name>TimelineView</name>
    <message>
        <source>Timeline</source>
        <extracomment>The handler methods drawn as bars, in the order they run for one request.</extracomment>
        <translation>时间线</translation>
    </message>
    <message>
        <source>No requests yet: setup, handle and finish appear here, one lane per thread or process.</source>
        <translation>还没有请求：setup、handle 和 finish 会显示在这里，每个线程或进程一条泳道。</translation>
    </message>
    <message>
        <source>lane</source>
        <translation>泳道</translation>
    </message>
    <message>
        <source>raised an error</source>
        <translation>抛出了异常</translation>
    </message>
    <message>
        <source>lighter = still running</source>
        <translation>颜色较浅 = 仍在运行</translation>
    </message>
    <message>
        <source>running for {t}</source>
        <translation>已运行 {t}</translation>
    </message>
    <message>
        <source>{source} request #{request}
{method}: {duration}
on {lane}</source>
        <translation>{source} 请求 #{request}
{method}：{duration}
位于{lane}</translation>
    </message>
    <message>
        <source>pid {pid}</source>
        <translation>进程 {pid}</translation>
    </message>
    <message>
        <source>thread {id}</source>
        <translation>线程 {id}</translation>
    </message>
</context>
</TS>
