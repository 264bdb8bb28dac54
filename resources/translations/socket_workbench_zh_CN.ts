<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ClientActions</name>
    <message>
        <source>{id} is still connecting to {where}: wait for it, or Cancel.</source>
        <extracomment>Where each spec field&apos;s error is shown (the error&apos;s ``field``; anything else: under Connect).</extracomment>
        <translation>{id} 还在连接 {where}：请等它结束，或者点“取消”。</translation>
    </message>
    <message>
        <source>{id}: connect cancelled (close() ended the wait)</source>
        <translation>{id}：连接已取消（close() 结束了等待）</translation>
    </message>
    <message>
        <source>connect_ex() returned 0: {id} is connected</source>
        <translation>connect_ex() 返回 0：{id} 已连接</translation>
    </message>
    <message>
        <source>connect_ex() returned {code} ({words}): no exception, the number says what went wrong</source>
        <translation>connect_ex() 返回 {code}（{words}）：没有抛出异常，这个数字说明了出了什么问题</translation>
    </message>
    <message>
        <source>up to {seconds} s</source>
        <translation>最多 {seconds} 秒</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>{id} is connecting to {where} ({limit})…</source>
        <translation>{id} 正在连接 {where}（{limit}）…</translation>
    </message>
    <message>
        <source>Wait for the send under way to finish.</source>
        <translation>请等正在进行的发送结束。</translation>
    </message>
    <message>
        <source>send() returned {n}: it took {n} of {asked} bytes; the rest was not sent</source>
        <translation>send() 返回 {n}：{asked} 字节里只收下了 {n} 字节，其余的没有发出去</translation>
    </message>
    <message>
        <source>send() returned {n}: all {n} bytes were taken</source>
        <translation>send() 返回 {n}：{n} 字节全部收下了</translation>
    </message>
    <message>
        <source>sendall() sent all {n} bytes</source>
        <translation>sendall() 发完了全部 {n} 字节</translation>
    </message>
    <message>
        <source>sendto() returned {n}: one datagram of {n} bytes</source>
        <translation>sendto() 返回 {n}：一个 {n} 字节的数据报</translation>
    </message>
    <message>
        <source>{packet}: {text}</source>
        <translation>{packet}：{text}</translation>
    </message>
    <message>
        <source>Repeating: {n} sent so far (Stop ends it)</source>
        <translation>重复发送中：已发送 {n} 次（点“停止”结束）</translation>
    </message>
    <message>
        <source>Repeating: {n} of {total} sent</source>
        <translation>重复发送中：已发送 {n} / {total} 次</translation>
    </message>
    <message>
        <source>Repeat done: {n} sends</source>
        <translation>重复发送完成：共 {n} 次</translation>
    </message>
    <message>
        <source>Repeat stopped after {n} sends</source>
        <translation>重复发送在第 {n} 次之后停止了</translation>
    </message>
    <message>
        <source>Repeat ended after {n} sends: the next send failed</source>
        <translation>重复发送在 {n} 次之后结束：下一次发送出错了</translation>
    </message>
    <message>
        <source>Connect a client first</source>
        <translation>请先连接一个客户端</translation>
    </message>
    <message>
        <source>{call} returned b&apos;&apos;: the other side closed the connection</source>
        <translation>{call} 返回 b&apos;&apos;：对端关闭了连接</translation>
    </message>
    <message>
        <source>{call} returned {n} bytes (see the hex view)</source>
        <translation>{call} 返回了 {n} 字节（见十六进制视图）</translation>
    </message>
    <message>
        <source>{call}: the socket is now {mode}</source>
        <translation>{call}：套接字现在是{mode}</translation>
    </message>
    <message>
        <source>{call}: the OS set the send buffer to {n} bytes</source>
        <translation>{call}：操作系统把发送缓冲区设成了 {n} 字节</translation>
    </message>
    <message>
        <source>cannot open {path}: {reason}</source>
        <translation>无法打开 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} is larger than {n} bytes: send it with sendfile() instead</source>
        <translation>{path} 超过 {n} 字节：请改用 sendfile() 发送</translation>
    </message>
    <message>
        <source>sendfile(): {error}</source>
        <translation>sendfile()：{error}</translation>
    </message>
    <message>
        <source>sendfile() sent {n} bytes of {name}</source>
        <translation>sendfile() 发送了 {name} 的 {n} 字节</translation>
    </message>
    <message>
        <source>sendall(): {error}</source>
        <translation>sendall()：{error}</translation>
    </message>
    <message>
        <source>sendall() sent the {n} bytes read from {name}</source>
        <translation>sendall() 发送了从 {name} 读出的 {n} 字节</translation>
    </message>
</context>
<context>
    <name>ClientForm</name>
    <message>
        <source>Ports end at 65535: {typed} is not a port, so the box keeps {port}.</source>
        <extracomment>Characters of the payload kept in the settings for next time. The saved form&apos;s name in the settings.</extracomment>
        <translation>端口最大是 65535：{typed} 不是端口号，所以框里仍是 {port}。</translation>
    </message>
    <message>
        <source>{old} stopped; the form now aims at {new}.</source>
        <translation>{old} 已停止；现在改为连接 {new}。</translation>
    </message>
    <message>
        <source>{old} stopped: nothing of ours listens on {where} now. Start a server, or Connect to see the refusal.</source>
        <translation>{old} 已停止：现在没有我们的服务器在 {where} 上监听。请启动一个服务器，或者点“连接”看看连接被拒绝的样子。</translation>
    </message>
</context>
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
        <source>The server&apos;s address, e.g. 127.0.0.1 or ::1, or a name such as localhost (getaddrinfo finds it)</source>
        <translation>服务器的地址，例如 127.0.0.1 或 ::1，也可以是 localhost 这样的主机名（由 getaddrinfo 查找）</translation>
    </message>
    <message>
        <source>The server&apos;s port, 1 to 65535 (start a server to fill this in)</source>
        <translation>服务器的端口，1 到 65535（启动一个服务器即可自动填入）</translation>
    </message>
    <message>
        <source>connect() raises an error when the connection fails; connect_ex() returns the error number instead (0: connected)</source>
        <translation>连接失败时 connect() 抛出异常；connect_ex() 则返回错误号（0 表示已连接）</translation>
    </message>
    <message>
        <source>timeout </source>
        <translation>超时 </translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>no timeout</source>
        <translation>不设超时</translation>
    </message>
    <message>
        <source>How long connect (and a send) may wait before it gives up with a timeout. The lowest value: no limit of ours, only the OS&apos;s own.</source>
        <translation>连接（以及发送）最多等多久，超过就以超时放弃。最小值表示我们不设上限，只看操作系统自己的限制。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop waiting: close() the connecting socket</source>
        <translation>不再等待：对正在连接的套接字调用 close()</translation>
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
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>{id} {state} · {mode} · received {total} bytes</source>
        <translation>{id} {state} · {mode} · 已接收 {total} 字节</translation>
    </message>
    <message>
        <source>Target</source>
        <extracomment>The longest connect timeout the form offers (the box&apos;s lowest value means no timeout at all).</extracomment>
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
        <source>Address family of the server to reach: IPv4, IPv6 or a Unix socket file</source>
        <translation>要连接的服务器的地址族：IPv4、IPv6 或 Unix 套接字文件</translation>
    </message>
    <message>
        <source>Stream: connect, then a byte stream. Datagram: each sendto() is one message.</source>
        <translation>流式：先连接，再收发字节流。数据报：每次 sendto() 就是一条独立的消息。</translation>
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
        <source>Acting on: the client every button below acts on</source>
        <translation>操作对象：下面所有按钮作用于这个客户端</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Packets</source>
        <translation>报文</translation>
    </message>
    <message>
        <source>The payload, its line ending and checksum, and Send</source>
        <translation>载荷、行尾、校验和，以及“发送”</translation>
    </message>
    <message>
        <source>Repeat a send, make the payload bigger, set SO_SNDBUF, the checksum&apos;s byte order</source>
        <translation>重复发送、加大载荷、设置 SO_SNDBUF、校验和的字节序</translation>
    </message>
    <message>
        <source>recv(bufsize), automatic reading, blocking modes, getsockname(), getpeername(), fileno()</source>
        <translation>recv(bufsize)、自动读取、阻塞模式、getsockname()、getpeername()、fileno()</translation>
    </message>
    <message>
        <source>Send a file with sendfile() or with sendall()</source>
        <translation>用 sendfile() 或 sendall() 发送一个文件</translation>
    </message>
    <message>
        <source>Saved packets and the last sends</source>
        <translation>保存的报文和最近的发送</translation>
    </message>
    <message>
        <source>socket() then connect_ex(): a new client each click; shows the number it returns</source>
        <translation>先 socket() 再 connect_ex()：每点一次就新建一个客户端，并显示它返回的数字</translation>
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
        <source>no address yet</source>
        <translation>还没有地址</translation>
    </message>
    <message>
        <source>fd {fd} · {local} → {peer}</source>
        <translation>描述符 {fd} · {local} → {peer}</translation>
    </message>
    <message>
        <source>{id}: its own address (getsockname()) {local}, the peer&apos;s (getpeername()) {peer}; {total} bytes received in {calls} recv() calls</source>
        <translation>{id}：自己的地址（getsockname()）{local}，对端的地址（getpeername()）{peer}；{calls} 次 recv() 调用共接收 {total} 字节</translation>
    </message>
    <message>
        <source>Send the payload with the chosen call (Ctrl+Enter)</source>
        <translation>用选定的调用发送载荷（Ctrl+Enter）</translation>
    </message>
</context>
<context>
    <name>ClientState</name>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>peer closed</source>
        <translation>对端已关闭</translation>
    </message>
    <message>
        <source>in the accept queue, not yet accepted</source>
        <translation>在等待队列中，尚未被接受</translation>
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
        <source>blocking</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>non-blocking</source>
        <translation>非阻塞</translation>
    </message>
    <message>
        <source>timeout {seconds} s</source>
        <translation>超时 {seconds} 秒</translation>
    </message>
    <message>
        <source>getaddrinfo({asked}) found {results}</source>
        <translation>getaddrinfo({asked}) 找到 {results}</translation>
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
        <source>This client is still connecting.</source>
        <translation>这个客户端还在连接中。</translation>
    </message>
    <message>
        <source>This client is not connected.</source>
        <translation>这个客户端还没有连接。</translation>
    </message>
    <message>
        <source>sendto() is for datagram sockets; choose send() or sendall().</source>
        <translation>sendto() 用于数据报套接字；请选择 send() 或 sendall()。</translation>
    </message>
    <message>
        <source>Fix the marked payload first: nothing is sent while it has errors.</source>
        <translation>请先改正载荷中标出的错误：有错误时什么也不会发送。</translation>
    </message>
    <message>
        <source>Type something to send.</source>
        <translation>请输入要发送的内容。</translation>
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
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>{phase} (error)</source>
        <translation type="vanished">{phase}（出错）</translation>
    </message>
    <message>
        <source>error</source>
        <translation type="vanished">出错</translation>
    </message>
    <message>
        <source>{n} B</source>
        <translation type="vanished">{n} B</translation>
    </message>
    <message>
        <source>peer: {peer}</source>
        <translation type="vanished">对端：{peer}</translation>
    </message>
    <message>
        <source>address: {address}</source>
        <translation type="vanished">地址：{address}</translation>
    </message>
    <message>
        <source>first bytes: {text}</source>
        <translation type="vanished">开头的字节：{text}</translation>
    </message>
    <message>
        <source>error: {error}</source>
        <translation type="vanished">错误：{error}</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="vanished">（未命名）</translation>
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
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Source:</source>
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
    <name>FilePage</name>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>a file to send</source>
        <translation>要发送的文件</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>read + sendall()</source>
        <translation>读出 + sendall()</translation>
    </message>
    <message>
        <source>sendfile() hands the open file to the OS (os.sendfile); read + sendall() reads it here first and sends its bytes with sendall(). Both show the bytes in the hex view.</source>
        <translation>sendfile() 把打开的文件交给操作系统（os.sendfile）；读出 + sendall() 先在这里读出文件，再用 sendall() 发送这些字节。两种方式发出的字节都会显示在十六进制视图里。</translation>
    </message>
    <message>
        <source>socket.sendfile(file): the OS copies the file to the socket; its bytes never pass through Python</source>
        <translation>socket.sendfile(file)：由操作系统把文件复制到套接字，字节不经过 Python</translation>
    </message>
    <message>
        <source>Read the file here, then send its bytes with sendall()</source>
        <translation>先在这里读出文件，再用 sendall() 发送这些字节</translation>
    </message>
    <message>
        <source>Choose a file to send</source>
        <translation>选择要发送的文件</translation>
    </message>
</context>
<context>
    <name>HexModel</name>
    <message>
        <source>offset</source>
        <translation type="vanished">偏移</translation>
    </message>
    <message>
        <source>ASCII</source>
        <translation type="vanished">ASCII</translation>
    </message>
    <message>
        <source>sent</source>
        <translation type="vanished">发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation type="vanished">接收</translation>
    </message>
    <message>
        <source>chunk #{index}: {call}(), {direction} {length} B at 0x{offset:x}, {when}</source>
        <translation type="vanished">数据块 #{index}：{call}()，{direction} {length} B，位于 0x{offset:x}，{when}</translation>
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
        <source>▌ chunk start (one recv/send call)</source>
        <translation>▌ 数据块起点（一次 recv/send 调用）</translation>
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
        <source>sent {sent} bytes, received {received} bytes</source>
        <translation>已发送 {sent} 字节，已接收 {received} 字节</translation>
    </message>
</context>
<context>
    <name>HexView</name>
    <message>
        <source>Hex view</source>
        <extracomment>Records StreamIndex.update groups at a time (see HexPane.add_records). Copying more than this as text would stall the clipboard; say so instead.</extracomment>
        <translation>十六进制视图</translation>
    </message>
    <message>
        <source>Copy as hex</source>
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
        <translation type="vanished">类型</translation>
    </message>
    <message>
        <source>little endian</source>
        <translation type="vanished">小端</translation>
    </message>
    <message>
        <source>big endian</source>
        <translation type="vanished">大端</translation>
    </message>
</context>
<context>
    <name>InspectorWidget</name>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
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
        <source>Selection: offset 0x{start:x} ({start}), {length} byte(s)</source>
        <translation>选区：偏移 0x{start:x}（{start}），{length} 字节</translation>
    </message>
    <message>
        <source>Cursor in {chunk}</source>
        <translation>光标所在：{chunk}</translation>
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
    <name>OptionsPage</name>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Every</source>
        <translation>间隔</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验和</translation>
    </message>
    <message>
        <source>until Stop</source>
        <translation>直到停止</translation>
    </message>
    <message>
        <source> ×</source>
        <translation> 次</translation>
    </message>
    <message>
        <source>How many times one click on Send sends the payload (the lowest choice: until you click Stop)</source>
        <translation>点一次“发送”发几次载荷（最小值表示一直发，直到你点“停止”）</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>The pause between two sends (0: the next one as soon as the last is done)</source>
        <translation>两次发送之间的间隔（0：上一次一结束就发下一次）</translation>
    </message>
    <message>
        <source>as typed</source>
        <translation>按输入</translation>
    </message>
    <message>
        <source> B</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>Repeat the payload until it is this many bytes long. A payload larger than the send buffer makes send() take only part of it.</source>
        <translation>把载荷重复到这么多字节。载荷比发送缓冲区大时，send() 只会收下其中一部分。</translation>
    </message>
    <message>
        <source>The send buffer size to ask for; Linux doubles it, and keeps a minimum of its own</source>
        <translation>要申请的发送缓冲区大小；Linux 会把它翻倍，并且有自己的最小值</translation>
    </message>
    <message>
        <source>setsockopt(SOL_SOCKET, SO_SNDBUF, size) on the chosen client: a small send buffer and a large payload make send() take fewer bytes than asked</source>
        <translation>对选中的客户端调用 setsockopt(SOL_SOCKET, SO_SNDBUF, size)：发送缓冲区小而载荷大时，send() 收下的字节会比要求的少</translation>
    </message>
    <message>
        <source>byte order as the algorithm says</source>
        <translation>按算法约定的字节序</translation>
    </message>
    <message>
        <source>big-endian</source>
        <translation>大端</translation>
    </message>
    <message>
        <source>little-endian</source>
        <translation>小端</translation>
    </message>
    <message>
        <source>The byte order the checksum is appended in (CRC-16/MODBUS is low byte first by convention)</source>
        <translation>校验和追加时用的字节序（按惯例 CRC-16/MODBUS 低字节在前）</translation>
    </message>
    <message>
        <source>Send repeats every {ms} ms until you click Stop.</source>
        <translation>“发送”每 {ms} 毫秒发一次，直到你点“停止”。</translation>
    </message>
    <message>
        <source>Send sends {n} times, {ms} ms apart.</source>
        <translation>“发送”会发 {n} 次，每次间隔 {ms} 毫秒。</translation>
    </message>
</context>
<context>
    <name>PacketsPage</name>
    <message>
        <source>a name for the payload on the Send tab</source>
        <translation>给“发送”页上的载荷起个名字</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Keep the Send tab&apos;s payload, line ending and checksum under this name (for the next runs too)</source>
        <translation>用这个名字保存“发送”页上的载荷、行尾和校验和（下次启动也还在）</translation>
    </message>
    <message>
        <source>Saved: double-click sends</source>
        <translation>已保存：双击发送</translation>
    </message>
    <message>
        <source>History: click loads</source>
        <translation>历史：单击载入</translation>
    </message>
    <message>
        <source>Double-click (or Enter) sends the packet to the client chosen above</source>
        <translation>双击（或回车）把报文发给上面选中的客户端</translation>
    </message>
    <message>
        <source>The last sends, newest first: click one to put it back in the Send tab</source>
        <translation>最近的发送，最新的在前：单击一条把它放回“发送”页</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <source>Put the selected packet in the Send tab without sending it</source>
        <translation>把选中的报文放到“发送”页，但不发送</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Forget the selected packet</source>
        <translation>删除选中的报文</translation>
    </message>
    <message>
        <source>The saved packets could not be read ({reason}). The lists start empty; the file is kept as {name}.bad when something is saved.</source>
        <translation>无法读取保存的报文（{reason}）。列表先从空开始；下次保存时原文件会保留为 {name}.bad。</translation>
    </message>
    <message>
        <source>{n} stored entries were not packets and were left out.</source>
        <translation>有 {n} 条保存的内容不是报文，已略过。</translation>
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
    <name>SendPage</name>
    <message>
        <source>End</source>
        <extracomment>Bytes of the body the preview shows before &quot;…&quot;. The preview is computed this long after the last keystroke (a 16 MiB fill takes a moment).</extracomment>
        <translation>行尾</translation>
    </message>
    <message>
        <source>Checksum</source>
        <translation>校验和</translation>
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
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>A line ending added after the payload (and after its checksum)</source>
        <translation>加在载荷（以及校验和）后面的行尾</translation>
    </message>
    <message>
        <source>A checksum of the payload, appended before the line ending; the bytes are shown below</source>
        <translation>载荷的校验和，追加在行尾之前；追加的字节显示在下面</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop the repeated send (a send under way still finishes)</source>
        <translation>停止重复发送（正在进行的那次仍会完成）</translation>
    </message>
    <message>
        <source>Exactly the bytes the next Send puts on the wire</source>
        <translation>下一次“发送”真正发出的字节</translation>
    </message>
    <message>
        <source>{name} appends one byte</source>
        <translation>{name} 追加 1 个字节</translation>
    </message>
    <message>
        <source>{name} appends {width} bytes, low byte first</source>
        <translation>{name} 追加 {width} 个字节，低字节在前</translation>
    </message>
    <message>
        <source>{name} appends {width} bytes, high byte first</source>
        <translation>{name} 追加 {width} 个字节，高字节在前</translation>
    </message>
    <message>
        <source>(nothing)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>+ {hex} ({name})</source>
        <translation>+ {hex}（{name}）</translation>
    </message>
    <message>
        <source>+ {hex} (line end)</source>
        <translation>+ {hex}（行尾）</translation>
    </message>
    <message>
        <source>{n} B: {parts}</source>
        <translation>{n} 字节：{parts}</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>（另有 {n} 处）</translation>
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
    <name>SocketPage</name>
    <message>
        <source>read replies automatically</source>
        <extracomment>The mode calls the Socket tab offers, as (data, text); &quot;settimeout&quot; takes the seconds field.</extracomment>
        <translation>自动读取回复</translation>
    </message>
    <message>
        <source>On: the engine keeps a recv() waiting, so replies appear on their own. Off: nothing is read until you click recv(): use it to see BlockingIOError and TimeoutError.</source>
        <translation>打开：引擎一直挂着一个 recv()，回复会自己出现。关闭：在你点 recv() 之前什么也不读，可以用来观察 BlockingIOError 和 TimeoutError。</translation>
    </message>
    <message>
        <source>bufsize: the most bytes one recv() may return</source>
        <translation>bufsize：一次 recv() 最多返回多少字节</translation>
    </message>
    <message>
        <source>setblocking(False): calls fail at once with BlockingIOError instead of waiting. settimeout(t): they wait at most t seconds, then TimeoutError. setblocking(True) and settimeout(None) go back to waiting as long as it takes.</source>
        <translation>setblocking(False)：调用不再等待，做不到就立刻抛出 BlockingIOError。settimeout(t)：最多等 t 秒，然后抛出 TimeoutError。setblocking(True) 和 settimeout(None) 恢复为一直等到完成。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>The t of settimeout(t), in seconds</source>
        <translation>settimeout(t) 里的 t，单位是秒</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Make the chosen call on the client&apos;s socket</source>
        <translation>在客户端的套接字上执行选中的调用</translation>
    </message>
    <message>
        <source>getsockname(): this socket&apos;s own address</source>
        <translation>getsockname()：这个套接字自己的地址</translation>
    </message>
    <message>
        <source>getpeername(): the address it is connected to</source>
        <translation>getpeername()：它连接到的地址</translation>
    </message>
    <message>
        <source>fileno(): the socket&apos;s file descriptor number</source>
        <translation>fileno()：套接字的文件描述符编号</translation>
    </message>
    <message>
        <source>What the engine knows of this socket: fileno(), getsockname() → getpeername()</source>
        <translation>引擎所知道的这个套接字的信息：fileno()、getsockname() → getpeername()</translation>
    </message>
    <message>
        <source>Connect a client first</source>
        <translation>请先连接一个客户端</translation>
    </message>
    <message>
        <source>Automatic reading is on: its recv() is already waiting. Turn it off to call recv() yourself.</source>
        <translation>自动读取已打开：它的 recv() 已经在等待了。关掉它才能自己调用 recv()。</translation>
    </message>
    <message>
        <source>One recv(bufsize) call: it waits, fails or returns as the socket&apos;s mode says</source>
        <translation>调用一次 recv(bufsize)：是等待、出错还是返回，取决于套接字的模式</translation>
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
