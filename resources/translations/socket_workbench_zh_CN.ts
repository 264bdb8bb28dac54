<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>BytesEditor</name>
    <message>
        <source>text (UTF-8)</source>
        <translation>文本（UTF-8）</translation>
    </message>
    <message>
        <source>The text as UTF-8 bytes, exactly as typed</source>
        <translation>把输入的文本原样按 UTF-8 编成字节</translation>
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
        <translation>转义文本（\xNN）</translation>
    </message>
    <message>
        <source>Text with \xNN, \n, \r, \t, \0 and \\ escapes, e.g. hello\x00\xff</source>
        <translation>可以用 \xNN、\n、\r、\t、\0 和 \\ 转义的文本，例如 hello\x00\xff</translation>
    </message>
    <message>
        <source>How the text is turned into bytes</source>
        <translation>这段文本按什么方式变成字节</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>（另有 {n} 处）</translation>
    </message>
</context>
<context>
    <name>CertificateRow</name>
    <message>
        <source>TLS, SHA-256 {sha256}, {path}</source>
        <translation>TLS 证书，SHA-256 {sha256}，{path}</translation>
    </message>
    <message>
        <source>A certificate this server signed itself for {names}, valid {days} days.
File: {path}
SHA-256: {sha256}
A client that checks certificates must trust this file (its CA file), or turn checking off.</source>
        <translation>这个服务器为 {names} 自己签发的证书，有效期 {days} 天。
文件：{path}
SHA-256：{sha256}
会检查证书的客户端必须信任这个文件（把它当作 CA 文件），否则就得关掉证书检查。</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy the certificate file&apos;s path, to give a client to trust</source>
        <translation>复制证书文件的路径，交给客户端去信任</translation>
    </message>
</context>
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
    <message>
        <source>{call} acts on a client of ours: choose one in the list above</source>
        <translation>{call} 只能作用于我们自己的客户端：请在上面的列表里选一个客户端</translation>
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
    <name>ClientNetOptions</name>
    <message>
        <source>TLS</source>
        <extracomment>What the loop choice means for ClientSpec.multicast_loop. (server id, its certificate file) of the TLS server of ours the form aims at, or None.</extracomment>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Trust</source>
        <translation>信任</translation>
    </message>
    <message>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <source>loop</source>
        <translation>回环</translation>
    </message>
    <message>
        <source>Send from</source>
        <translation>发送接口</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>After connect(), wrap the socket with ssl and do the TLS handshake (do_handshake); sendall and recv then carry the bytes encrypted on the wire, shown decrypted here</source>
        <translation>connect() 之后用 ssl 包装套接字并进行 TLS 握手（do_handshake）；之后 sendall 和 recv 在线路上传的是密文，这里显示的是解密后的内容</translation>
    </message>
    <message>
        <source>check the certificate</source>
        <translation>检查证书</translation>
    </message>
    <message>
        <source>Check that a trusted issuer signed the server&apos;s certificate, for the name in the Host field. Off: accept any certificate (encrypted, but you cannot know who answers).</source>
        <translation>检查服务器证书是否由受信任的签发者签发、是否颁发给“主机”一栏里的名字。关闭：任何证书都接受（依然加密，但你无法确认对面是谁）。</translation>
    </message>
    <message>
        <source>A PEM file of certificates to trust besides the system&apos;s, such as a TLS server&apos;s own certificate file (Copy path in the list of running servers)</source>
        <translation>除系统证书之外还要信任的 PEM 证书文件，比如某个 TLS 服务器自己的证书文件（可在运行列表里用“复制路径”拿到）</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the certificate file to trust</source>
        <translation>选择要信任的证书文件</translation>
    </message>
    <message>
        <source>setsockopt(SOL_SOCKET, SO_BROADCAST, 1): without it, sendto() a broadcast address such as 127.255.255.255 fails with Permission denied</source>
        <translation>setsockopt(SOL_SOCKET, SO_BROADCAST, 1)：不设置的话，对 127.255.255.255 这样的广播地址 sendto() 会因 Permission denied（权限不足）而失败</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>IP_MULTICAST_TTL (IPV6_MULTICAST_HOPS): how many routers a group&apos;s datagram may cross. 0: this machine only; 1 (the default): this network</source>
        <translation>IP_MULTICAST_TTL（IPV6_MULTICAST_HOPS）：组播数据报最多能经过几个路由器。0：只在本机；1（默认）：只在本网络</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>IP_MULTICAST_LOOP: whether members of the group on this machine hear what it sends (the default: they do)</source>
        <translation>IP_MULTICAST_LOOP：本机上的组成员能否收到它发出的数据（默认：能）</translation>
    </message>
    <message>
        <source>default interface</source>
        <translation>默认接口</translation>
    </message>
    <message>
        <source>IP_MULTICAST_IF: the interface a group&apos;s datagrams leave from. IPv4: one of this machine&apos;s addresses (127.0.0.1 keeps them on this machine). IPv6: an interface name or number.</source>
        <translation>IP_MULTICAST_IF：组播数据报从哪个接口发出。IPv4：填本机的某个地址（127.0.0.1 让数据留在本机）。IPv6：填接口名或编号。</translation>
    </message>
    <message>
        <source>{server}&apos;s certificate: {path}</source>
        <translation>{server} 的证书：{path}</translation>
    </message>
    <message>
        <source>the system&apos;s certificates only</source>
        <translation>只用系统自带的证书</translation>
    </message>
    <message>
        <source>TLS, not checked</source>
        <translation>TLS，不检查证书</translation>
    </message>
    <message>
        <source>TTL {n}</source>
        <translation>TTL {n}</translation>
    </message>
    <message>
        <source>loop on</source>
        <translation>回环开</translation>
    </message>
    <message>
        <source>loop off</source>
        <translation>回环关</translation>
    </message>
    <message>
        <source>from {interface}</source>
        <translation>从 {interface} 发出</translation>
    </message>
    <message>
        <source>A certificate file to trust</source>
        <translation>要信任的证书文件</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt);;所有文件 (*)</translation>
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
        <source>The server&apos;s port (start a server to fill this in)</source>
        <translation type="vanished">服务器的端口（启动一个服务器即可自动填入）</translation>
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
        <source>The client the Send, Shutdown and Close buttons act on</source>
        <translation type="vanished">“发送”“关闭写端”“关闭”三个按钮所操作的客户端</translation>
    </message>
    <message>
        <source>text (UTF-8)</source>
        <translation type="vanished">文本 (UTF-8)</translation>
    </message>
    <message>
        <source>The text as UTF-8 bytes, exactly as typed</source>
        <translation type="vanished">把输入的文本原样编码成 UTF-8 字节</translation>
    </message>
    <message>
        <source>hex</source>
        <translation type="vanished">十六进制</translation>
    </message>
    <message>
        <source>Hex digits, e.g. de ad be ef or 0xde,0xad</source>
        <translation type="vanished">十六进制数字，例如 de ad be ef 或 0xde,0xad</translation>
    </message>
    <message>
        <source>escaped (\xNN)</source>
        <translation type="vanished">转义文本 (\xNN)</translation>
    </message>
    <message>
        <source>Text with \xNN, \n, \r, \t, \0 and \\ escapes, e.g. hello\x00\xff</source>
        <translation type="vanished">可以使用 \xNN、\n、\r、\t、\0 和 \\ 转义的文本，例如 hello\x00\xff</translation>
    </message>
    <message>
        <source>How the payload below is turned into bytes</source>
        <translation type="vanished">下面的载荷怎样变成字节</translation>
    </message>
    <message>
        <source>The socket call that sends the payload</source>
        <translation type="vanished">用哪个套接字调用发送载荷</translation>
    </message>
    <message>
        <source>The bytes to send, written in the form chosen above (Ctrl+Enter sends)</source>
        <translation type="vanished">要发送的字节，按上方选定的格式书写（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
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
        <source>Acting on</source>
        <translation type="vanished">操作对象</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation type="vanished">载荷</translation>
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
        <translation type="vanished">服务器的地址，例如 127.0.0.1 或 ::1</translation>
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
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>What the next Connect builds the socket with: TLS for a TCP client; broadcast, multicast TTL, loop and interface for a UDP client</source>
        <translation>下一次“连接”建立套接字时用的设置：TCP 客户端的 TLS；UDP 客户端的广播、组播 TTL、回环和接口</translation>
    </message>
    <message>
        <source>no client yet</source>
        <translation>还没有客户端</translation>
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
        <source>More: {summary}</source>
        <translation>更多：{summary}</translation>
    </message>
    <message>
        <source>{id} {state} · {mode} · received {total} bytes</source>
        <translation>{id} {state} · {mode} · 已接收 {total} 字节</translation>
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
        <source>(and {n} more)</source>
        <translation type="vanished">（另有 {n} 处）</translation>
    </message>
    <message>
        <source>Connect a client first: Send acts on the client chosen above.</source>
        <translation type="vanished">请先连接一个客户端：“发送”作用于上面选中的客户端。</translation>
    </message>
    <message>
        <source>This client is closed; connect a new one.</source>
        <translation type="vanished">这个客户端已关闭，请重新连接一个。</translation>
    </message>
    <message>
        <source>This client is not connected.</source>
        <translation type="vanished">这个客户端还没有连接。</translation>
    </message>
    <message>
        <source>Fix the marked payload first: nothing is sent while it has errors.</source>
        <translation type="vanished">请先改正载荷中标出的错误：有错误时什么也不会发送。</translation>
    </message>
    <message>
        <source>Type something to send.</source>
        <translation type="vanished">请输入要发送的内容。</translation>
    </message>
    <message>
        <source>sendto() is for datagram sockets; choose send() or sendall().</source>
        <translation type="vanished">sendto() 用于数据报套接字；请选择 send() 或 sendall()。</translation>
    </message>
    <message>
        <source>Send the payload with the chosen call (Ctrl+Enter)</source>
        <translation>用选定的调用发送载荷（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>closed</source>
        <translation type="vanished">已关闭</translation>
    </message>
    <message>
        <source>connected</source>
        <translation type="vanished">已连接</translation>
    </message>
    <message>
        <source>open</source>
        <translation type="vanished">已打开</translation>
    </message>
    <message>
        <source>{id} {state} · received {total} bytes in {calls} calls</source>
        <translation type="vanished">{id} {state} · 已接收 {total} 字节（{calls} 次调用）</translation>
    </message>
    <message>
        <source>Acting on: the client every button below acts on, or a running server&apos;s connected request (Send and saved packets then go to that peer)</source>
        <translation>操作对象：下面的按钮作用于这个客户端；也可以选一个正在运行的服务器上已连接的请求（这时“发送”和保存的报文都发给那个对端）</translation>
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
    <name>CodeDialog</name>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save the program as</source>
        <translation>程序另存为</translation>
    </message>
    <message>
        <source>Python programs (*.py)</source>
        <translation>Python 程序 (*.py)</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved. Run it with: python3 -I {name}</source>
        <translation>已保存。运行方法：python3 -I {name}</translation>
    </message>
    <message>
        <source>{what} as Python</source>
        <translation>{what}：对应的 Python 程序</translation>
    </message>
    <message>
        <source>A standalone program that does the same with the standard library only: the real socket and socketserver calls, one per line. Save it and run it with python3 -I (no site packages, no environment variables needed).</source>
        <translation>一个独立的程序，只用标准库做同样的事：真实的 socket 和 socketserver 调用，一行一个。保存后用 python3 -I 运行即可（不需要任何第三方包，也不依赖环境变量）。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the program to the clipboard</source>
        <translation>把程序复制到剪贴板</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the program as a .py file</source>
        <translation>把程序保存为 .py 文件</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>This server answers from a rules file. Show as Python prints programs for the echo, upper, discard and daytime handlers only.</source>
        <translation type="vanished">这个服务器按规则文件应答。“以 Python 程序显示”只能为 echo、upper、discard 和 daytime 处理器生成程序。</translation>
    </message>
    <message>
        <source>This session has no server.</source>
        <translation>这个会话里没有服务器。</translation>
    </message>
    <message>
        <source>The server form</source>
        <translation>服务器表单</translation>
    </message>
    <message>
        <source>This session has no client.</source>
        <translation>这个会话里没有客户端。</translation>
    </message>
    <message>
        <source>The client form</source>
        <translation>客户端表单</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>Build real socketserver servers and socket clients by clicking, and watch every byte.</source>
        <extracomment>When set (or with --startup-probe), print the time to the first painted window and quit. Qt&apos;s own command-line options that take a value (``-platform offscreen``): they go to Qt with their value, which is never taken for a session file.</extracomment>
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
        <source>open a workspace: start its servers and clients, fill in the forms</source>
        <translation>打开一个工作区：启动其中的服务器和客户端，并填好表单</translation>
    </message>
    <message>
        <source>a saved session opens read-only, without servers: open the workspace on its own</source>
        <translation>保存的会话以只读方式打开，不运行服务器：请单独打开这个工作区</translation>
    </message>
    <message>
        <source>socket-workbench: settings not saved: {error}</source>
        <extracomment>Given to the QApplication the app creates: Fusion from the start, made by Qt itself.</extracomment>
        <translation>socket-workbench：设置没能保存：{error}</translation>
    </message>
</context>
<context>
    <name>DirectionBox</name>
    <message>
        <source>Client → target</source>
        <translation>客户端 → 目标</translation>
    </message>
    <message>
        <source>What the client sends, on its way to the target server (c2s)</source>
        <translation>客户端发出、正要送往目标服务器的数据（c2s）</translation>
    </message>
    <message>
        <source>Target → client</source>
        <translation>目标 → 客户端</translation>
    </message>
    <message>
        <source>What the target server answers, on its way back to the client (s2c)</source>
        <translation>目标服务器的回复，正要送回客户端（s2c）</translation>
    </message>
    <message>
        <source>Pause: every connection holds its next chunk in this direction until you release it. Resume: everything flows again (a held chunk goes on).</source>
        <translation>暂停：每个连接在这个方向上收到的下一块数据都会被扣住，直到你放行。继续：数据重新畅通（扣住的那块也会发出去）。</translation>
    </message>
    <message>
        <source>The held chunk: offset, hex bytes and their ASCII (other bytes as .)</source>
        <translation>扣住的数据块：偏移、十六进制字节和对应的 ASCII（其余字节显示为 .）</translation>
    </message>
    <message>
        <source>Nothing is held. Pause, then send something through the relay.</source>
        <translation>现在没有扣住任何数据。先暂停，再通过中继发点东西。</translation>
    </message>
    <message>
        <source>Send on as</source>
        <translation>放行时发送</translation>
    </message>
    <message>
        <source>Change the bytes here before Release sends them on</source>
        <translation>在这里改动字节，再按“放行”把它们发出去</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>放行</translation>
    </message>
    <message>
        <source>Send the held chunk on, as edited above; the next chunk is held again while paused</source>
        <translation>把扣住的数据块按上面改好的样子发出去；仍在暂停时，下一块会再被扣住</translation>
    </message>
    <message>
        <source>Drop</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Let nothing of the held chunk go on; the next chunk is held again</source>
        <translation>扣住的这块一个字节也不发；下一块会再被扣住</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Holding {n} bytes: edit them below if you like, then Release or Drop</source>
        <translation>扣住了 {n} 个字节：可以先在下面修改，然后放行或丢弃</translation>
    </message>
    <message>
        <source>Paused: the next chunk in this direction will be held here</source>
        <translation>已暂停：这个方向上的下一块数据会扣在这里</translation>
    </message>
    <message>
        <source>Flowing: bytes go on as they arrive</source>
        <translation>畅通：字节一到就转发</translation>
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
        <source>TLS · {bytes}</source>
        <translation>TLS · {bytes}</translation>
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
        <source>TLS: these are the bytes the ssl module decrypted (or will encrypt); on the wire they travelled inside TLS records</source>
        <translation>TLS：这里是 ssl 模块解密后（或加密前）的明文字节；在线路上它们是装在 TLS 记录里传输的</translation>
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
    <name>ExplainControls</name>
    <message>
        <source>Family sets the server class&apos;s address_family: {family}.</source>
        <translation>“地址族”决定服务器类的 address_family：{family}。</translation>
    </message>
    <message>
        <source>Type picks the server class: {cls} for {type}.</source>
        <translation>“类型”决定用哪个服务器类：{type} 对应 {cls}。</translation>
    </message>
    <message>
        <source>Host and port make the server_address; server_bind() passes it to bind(). Port 0 lets the system pick a free port.</source>
        <translation>主机和端口合起来就是 server_address；server_bind() 把它交给 bind()。端口填 0 时由系统挑一个空闲端口。</translation>
    </message>
    <message>
        <source>Path is an AF_UNIX server&apos;s address: bind() creates the socket file there.</source>
        <translation>路径就是 AF_UNIX 服务器的地址：bind() 会在那里创建套接字文件。</translation>
    </message>
    <message>
        <source>Backlog becomes the server class&apos;s request_queue_size: server_activate() passes it to listen().</source>
        <translation>等待队列长度就是服务器类的 request_queue_size：server_activate() 把它传给 listen()。</translation>
    </message>
    <message>
        <source>No mixin: process_request() handles each request itself, one after another.</source>
        <translation>不用混入类：process_request() 亲自处理每个请求，一个接一个。</translation>
    </message>
    <message>
        <source>{mixin} changes what process_request() does with each request.</source>
        <translation>{mixin} 改变了 process_request() 处理每个请求的方式。</translation>
    </message>
    <message>
        <source>Handler picks what the request handler&apos;s handle() does: {handler}.</source>
        <translation>“处理器”决定请求处理器的 handle() 做什么：{handler}。</translation>
    </message>
    <message>
        <source>Delay makes handle() sleep before each reply, so you can see requests wait or overlap.</source>
        <translation>延迟让 handle() 在每次回复前先睡一会儿，这样就能看到请求在排队还是同时进行。</translation>
    </message>
    <message>
        <source>When this is ticked, handle() raises on purpose, so handle_error() runs.</source>
        <translation>勾选后，handle() 会故意抛出异常，于是 handle_error() 就会运行。</translation>
    </message>
    <message>
        <source>allow_reuse_address sets SO_REUSEADDR on the socket before bind().</source>
        <translation>allow_reuse_address 会在 bind() 之前给套接字设置 SO_REUSEADDR。</translation>
    </message>
    <message>
        <source>The allow list is checked in verify_request(): a client whose address is not on it is refused.</source>
        <translation>允许列表在 verify_request() 中检查：地址不在列表里的客户端会被拒绝。</translation>
    </message>
    <message>
        <source>Start builds the server (server_bind, server_activate) and runs serve_forever() in the engine process.</source>
        <translation>“启动”会创建服务器（server_bind、server_activate），并在引擎进程里运行 serve_forever()。</translation>
    </message>
    <message>
        <source>The client&apos;s socket family must match the server&apos;s.</source>
        <translation>客户端套接字的地址族必须和服务器的一致。</translation>
    </message>
    <message>
        <source>A SOCK_STREAM client connects first; a SOCK_DGRAM client just sends datagrams.</source>
        <translation>SOCK_STREAM 客户端要先连接；SOCK_DGRAM 客户端直接发送数据报。</translation>
    </message>
    <message>
        <source>Host and port are the address given to {call}().</source>
        <translation>主机和端口就是传给 {call}() 的地址。</translation>
    </message>
    <message>
        <source>Path is the server&apos;s socket file: an AF_UNIX address is a file name.</source>
        <translation>路径是服务器的套接字文件：AF_UNIX 的地址就是一个文件名。</translation>
    </message>
    <message>
        <source>Connect makes a new client: socket(), then connect().</source>
        <translation>“连接”会新建一个客户端：先 socket()，再 connect()。</translation>
    </message>
    <message>
        <source>Open socket makes a new datagram client: socket() only.</source>
        <translation>“创建套接字”会新建一个数据报客户端：只调用 socket()。</translation>
    </message>
    <message>
        <source>shutdown(SHUT_WR) tells the server you will send nothing more; replies can still arrive.</source>
        <translation>shutdown(SHUT_WR) 告诉服务器你不会再发送数据了；回复仍然可以收到。</translation>
    </message>
    <message>
        <source>close() releases this client&apos;s socket.</source>
        <translation>close() 释放这个客户端的套接字。</translation>
    </message>
    <message>
        <source>Send passes the payload to {call}().</source>
        <translation>“发送”把载荷交给 {call}()。</translation>
    </message>
    <message>
        <source>send call</source>
        <extracomment>Every objectName the pane explains (the table in the module docstring).</extracomment>
        <translation>发送调用</translation>
    </message>
    <message>
        <source>Payload</source>
        <translation>载荷</translation>
    </message>
    <message>
        <source>{control} in the server form</source>
        <translation>服务器表单中的“{control}”</translation>
    </message>
    <message>
        <source>{control} in the client form</source>
        <translation>客户端表单中的“{control}”</translation>
    </message>
</context>
<context>
    <name>ExplainNotes</name>
    <message>
        <source>{source}, request #{request}, on {thread} (pid {pid})</source>
        <extracomment>(&quot;record&quot;, index), (&quot;control&quot;, objectName) or (&quot;names&quot;, ...) qualified names to look up, in order</extracomment>
        <translation>{source}，请求 #{request}，在 {thread} 上（pid {pid}）</translation>
    </message>
    <message>
        <source>{source}, on {thread} (pid {pid})</source>
        <translation>{source}，在 {thread} 上（pid {pid}）</translation>
    </message>
    <message>
        <source>an unnamed peer</source>
        <translation>一个没有名字的对端</translation>
    </message>
    <message>
        <source>ThreadingMixIn: process_request() starts a new thread for this request and returns at once; get_request() can take the next client right away.</source>
        <translation>ThreadingMixIn：process_request() 为这个请求开一个新线程，然后立刻返回；get_request() 马上就能接下一个客户端。</translation>
    </message>
    <message>
        <source>ForkingMixIn: process_request() forks a child process for this request; the parent goes back to get_request() at once.</source>
        <translation>ForkingMixIn：process_request() 为这个请求派生（fork）一个子进程；父进程立刻回到 get_request()。</translation>
    </message>
    <message>
        <source>No mixin: process_request() runs the whole request here, on the serve thread. The next client waits until it returns.</source>
        <translation>没有混入类：process_request() 就在服务线程上把整个请求处理完。下一个客户端要等它返回。</translation>
    </message>
    <message>
        <source>shutdown_request() shuts the connection down and closes it: the client&apos;s recv() returns b&apos;&apos; once it has read everything.</source>
        <translation>shutdown_request() 先关闭连接的收发，再关闭套接字：客户端读完所有数据后，它的 recv() 会返回 b&apos;&apos;。</translation>
    </message>
    <message>
        <source>handle_error() runs because the handler raised. By default it prints the traceback (the log pane shows it) and the server goes on serving.</source>
        <translation>handle_error() 之所以运行，是因为处理器抛出了异常。默认它会打印回溯信息（日志面板里能看到），服务器继续提供服务。</translation>
    </message>
    <message>
        <source>handle_request() waited for the server&apos;s timeout and no request came, so it called handle_timeout().</source>
        <translation>handle_request() 等到了服务器的超时时间仍没有请求到来，于是调用了 handle_timeout()。</translation>
    </message>
    <message>
        <source>Python has just called {name}(); its exit row follows when it returns.</source>
        <translation>Python 刚刚调用了 {name}()；它返回时会出现对应的 exit 行。</translation>
    </message>
    <message>
        <source>verify_request returned True: this client is let in, and process_request() follows.</source>
        <translation>verify_request 返回了 True：这个客户端被放行，接下来是 process_request()。</translation>
    </message>
    <message>
        <source>verify_request returned False: this client is refused. shutdown_request() closes its connection without calling the handler, so the client gets no reply.</source>
        <translation>verify_request 返回了 False：这个客户端被拒绝。shutdown_request() 不调用处理器就关掉它的连接，所以客户端收不到任何回复。</translation>
    </message>
    <message>
        <source>get_request() returned a new socket (file descriptor {fd}) connected to {peer}. The listening socket stays open for the next client.</source>
        <translation>get_request() 返回了一个连到 {peer} 的新套接字（文件描述符 {fd}）。监听套接字保持打开，等待下一个客户端。</translation>
    </message>
    <message>
        <source>get_request() read one datagram from {peer}: for a datagram server, one datagram is one request.</source>
        <translation>get_request() 从 {peer} 读到一个数据报：对数据报服务器来说，一个数据报就是一个请求。</translation>
    </message>
    <message>
        <source>The server&apos;s socket is bound to {address}.</source>
        <translation>服务器的套接字已绑定到 {address}。</translation>
    </message>
    <message>
        <source>listen({backlog}) has run: from now on the kernel completes handshakes and queues connections until get_request() takes one.</source>
        <translation>listen({backlog}) 已经执行：从现在起，内核自己完成握手，并把连接放进队列，直到 get_request() 取走。</translation>
    </message>
    <message>
        <source>A breakpoint held this thread here until Step or Continue.</source>
        <translation>断点让这个线程停在这里，直到你点“单步”或“继续”。</translation>
    </message>
    <message>
        <source>{name}() has returned.</source>
        <translation>{name}() 已经返回。</translation>
    </message>
    <message>
        <source>recv() returned b&apos;&apos; (0 bytes): the other side closed its end or shut down its sending side. A handler&apos;s read loop ends here.</source>
        <translation>recv() 返回了 b&apos;&apos;（0 字节）：对端关闭了连接，或关闭了写端。处理器的读取循环到这里结束。</translation>
    </message>
    <message>
        <source>recv() returned {n} bytes: whatever had arrived, up to the size asked for. It may be less than the other side sent in one call. The hex view shows them.</source>
        <translation>recv() 返回了 {n} 字节：已经到达的数据，最多不超过请求的大小。它可能比对端一次发送的少。十六进制视图里能看到这些字节。</translation>
    </message>
    <message>
        <source>recvfrom() returned one datagram of {n} bytes from {peer}.</source>
        <translation>recvfrom() 收到了来自 {peer} 的一个 {n} 字节的数据报。</translation>
    </message>
    <message>
        <source>send() took only {n} of the {asked} bytes it was given. Call it again for the rest, or use sendall().</source>
        <translation>send() 只发出了交给它的 {asked} 字节中的 {n} 字节。剩下的要再调用一次，或者改用 sendall()。</translation>
    </message>
    <message>
        <source>send() sent {n} bytes. It returns how many it took, which can be fewer than it was given when the socket&apos;s buffer is full.</source>
        <translation>send() 发出了 {n} 字节。它返回实际发出的字节数；套接字缓冲区满时，可能比交给它的少。</translation>
    </message>
    <message>
        <source>sendall() sent all {n} bytes, calling send() as often as it needed.</source>
        <translation>sendall() 发完了全部 {n} 字节，需要几次 send() 就调用几次。</translation>
    </message>
    <message>
        <source>sendto() sent one datagram of {n} bytes to {peer}.</source>
        <translation>sendto() 向 {peer} 发出了一个 {n} 字节的数据报。</translation>
    </message>
    <message>
        <source>{name}() moved {n} bytes.</source>
        <translation>{name}() 传送了 {n} 字节。</translation>
    </message>
    <message>
        <source>connect_ex() returned 0: connected.</source>
        <translation>connect_ex() 返回 0：已连接。</translation>
    </message>
    <message>
        <source>connect_ex() returned {code} ({name}: {text}): not connected. It reports the failure as a number instead of raising.</source>
        <translation>connect_ex() 返回了 {code}（{name}：{text}）：没有连上。它用一个数字报告失败，而不是抛出异常。</translation>
    </message>
    <message>
        <source>connect() returned: the handshake is done. The server&apos;s kernel keeps the connection in its accept queue until get_request() takes it.</source>
        <translation>connect() 已返回：握手完成了。服务器端的内核把这个连接放在等待队列里，直到 get_request() 取走它。</translation>
    </message>
    <message>
        <source>A new socket: not bound and not connected yet.</source>
        <translation>一个新套接字：还没有绑定，也没有连接。</translation>
    </message>
    <message>
        <source>shutdown() closed the sending side: the server&apos;s recv() returns b&apos;&apos; after the bytes sent before it. Replies can still arrive.</source>
        <translation>shutdown() 关闭了写端：服务器读完之前发出的字节后，recv() 会返回 b&apos;&apos;。回复仍然可以收到。</translation>
    </message>
    <message>
        <source>close() released the socket; its file descriptor is free again.</source>
        <translation>close() 释放了套接字；它的文件描述符又空出来了。</translation>
    </message>
    <message>
        <source>setblocking(True): calls wait until they can complete.</source>
        <translation>setblocking(True)：调用会一直等到能够完成。</translation>
    </message>
    <message>
        <source>setblocking(False): a call that would have to wait raises BlockingIOError instead.</source>
        <translation>setblocking(False)：需要等待的调用会直接抛出 BlockingIOError。</translation>
    </message>
    <message>
        <source>settimeout(None): calls wait as long as they need.</source>
        <translation>settimeout(None)：调用需要等多久就等多久。</translation>
    </message>
    <message>
        <source>settimeout({seconds}): a call that waits longer raises TimeoutError.</source>
        <translation>settimeout({seconds})：等待超过这个时间的调用会抛出 TimeoutError。</translation>
    </message>
    <message>
        <source>Nothing listens at that address. Start a server first, or check the port and the family.</source>
        <translation>那个地址上没有程序在监听。先启动一个服务器，或者检查端口和地址族。</translation>
    </message>
    <message>
        <source>The other side reset the connection: it closed while bytes were unread or still coming. A server that closes without reading everything does this.</source>
        <translation>对端重置了连接：它在还有数据没读完或还在传来时就关闭了。服务器没读完全部数据就关闭时会这样。</translation>
    </message>
    <message>
        <source>You wrote to a connection the other side has already closed. Watch for recv() returning b&apos;&apos; before sending more.</source>
        <translation>你向一个对端已经关闭的连接写入了数据。继续发送之前，留意 recv() 是否已经返回 b&apos;&apos;。</translation>
    </message>
    <message>
        <source>The call waited longer than the socket&apos;s timeout (settimeout). Make sure the other side answers, or allow more time.</source>
        <translation>调用等待的时间超过了套接字的超时（settimeout）。确认对端会应答，或者把时间放宽一些。</translation>
    </message>
    <message>
        <source>The socket is non-blocking and the call would have had to wait (no data yet, or no room to send). Try again later, or wait with select.</source>
        <translation>套接字是非阻塞的，而这个调用本来需要等待（还没有数据，或者没有发送空间）。稍后再试，或者用 select 等待。</translation>
    </message>
    <message>
        <source>The system refused: ports below 1024 need privileges, and a socket file needs a folder you may write to.</source>
        <translation>系统拒绝了：1024 以下的端口需要特权，套接字文件也需要一个你有写权限的文件夹。</translation>
    </message>
    <message>
        <source>No socket file at that path: start the Unix server first, or check the path.</source>
        <translation>那个路径上没有套接字文件：先启动 Unix 服务器，或者检查路径。</translation>
    </message>
    <message>
        <source>The handler raised on purpose (the fail option). Untick it to serve normally.</source>
        <translation>处理器是故意抛出异常的（“出错”选项）。取消勾选就能正常服务。</translation>
    </message>
    <message>
        <source>Another socket already has this port. Pick another one, 0 for any free port, or stop the other server.</source>
        <translation>另一个套接字已经占用了这个端口。换一个端口，填 0 让系统挑一个空闲的，或者停掉另一个服务器。</translation>
    </message>
    <message>
        <source>{name}() raised {error}.</source>
        <translation>{name}() 抛出了 {error}。</translation>
    </message>
    <message>
        <source>Because setup() raised, handle() and finish() do not run for this request; handle_error() reports it.</source>
        <translation>因为 setup() 抛出了异常，这个请求的 handle() 和 finish() 都不会运行；由 handle_error() 报告它。</translation>
    </message>
    <message>
        <source>handle() raised: finish() still runs, then handle_error() reports the exception. The server keeps serving other clients.</source>
        <translation>handle() 抛出了异常：finish() 仍然会运行，然后 handle_error() 报告这个异常。服务器继续为其他客户端服务。</translation>
    </message>
    <message>
        <source>It has not returned yet (at this point of the session): the bar grows to now.</source>
        <translation>（在会话的这个时刻）它还没有返回：这根条一直延伸到“现在”。</translation>
    </message>
    <message>
        <source>It ran for {duration}, from its enter row to its exit row.</source>
        <translation>它运行了 {duration}，从 enter 行到 exit 行。</translation>
    </message>
    <message>
        <source>This bar is {name}() of request #{request}, on the lane of {thread}.</source>
        <translation>这根条是请求 #{request} 的 {name}()，位于 {thread} 的泳道上。</translation>
    </message>
</context>
<context>
    <name>ExplainPane</name>
    <message>
        <source>Explain</source>
        <extracomment>How many records after a bar&apos;s enter the pane looks for its exit.</extracomment>
        <translation>解释</translation>
    </message>
    <message>
        <source>Python docs ↗</source>
        <translation>Python 文档 ↗</translation>
    </message>
    <message>
        <source>Open this name&apos;s page in the Python standard library docs</source>
        <translation>在 Python 标准库文档中打开这个名字的页面</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解释</translation>
    </message>
    <message>
        <source>Select a row in the event table, click a bar in the timeline, or click into a field of the server or client form: what it does is explained here.</source>
        <translation>在事件表中选中一行、点击时间线上的一根条，或点进服务器或客户端表单的某个字段：这里会解释它做了什么。</translation>
    </message>
    <message>
        <source>No explanation of this one yet.</source>
        <translation>这个还没有解释。</translation>
    </message>
    <message>
        <source>What it does</source>
        <translation>作用</translation>
    </message>
    <message>
        <source>System call</source>
        <translation>系统调用</translation>
    </message>
    <message>
        <source>In Socket Workbench</source>
        <translation>在 Socket Workbench 中</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>试一试</translation>
    </message>
    <message>
        <source>Where the tutorial is wrong or dated</source>
        <translation>教程中有误或过时之处</translation>
    </message>
    <message>
        <source>Python docs: {name}</source>
        <translation>Python 文档：{name}</translation>
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
        <source>socket.sendfile(file): the OS copies the file to the socket; its bytes never pass through Python</source>
        <translation>socket.sendfile(file)：由操作系统把文件复制到套接字，字节不经过 Python</translation>
    </message>
    <message>
        <source>Read the file here, then send its bytes with sendall()</source>
        <translation>先在这里读出文件，再用 sendall() 发送这些字节</translation>
    </message>
    <message>
        <source>sendfile() hands the open file to the OS (os.sendfile); read + sendall() reads it here first and sends its bytes with sendall(). Both show the bytes in the hex view.</source>
        <translation>sendfile() 把打开的文件交给操作系统（os.sendfile）；读出 + sendall() 先在这里读出文件，再用 sendall() 发送这些字节。两种方式发出的字节都会显示在十六进制视图里。</translation>
    </message>
    <message>
        <source>Choose a file to send</source>
        <translation>选择要发送的文件</translation>
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
        <source>▌ chunk start (one recv/send call)</source>
        <translation type="vanished">▌ 数据块起点（一次 recv/send 调用）</translation>
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
        <extracomment>Requests shown under a server: those still running first, then the newest finished ones.</extracomment>
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
        <source>in accept queue</source>
        <translation>在连接队列中</translation>
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
        <translation type="vanished">双击：让客户端表单指向这个服务器</translation>
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
        <translation type="vanished">调用 shutdown() 和 server_close()</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>socket.close()</source>
        <translation type="vanished">调用 socket.close()</translation>
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
        <translation type="vanished">在连接队列中，尚未被 accept</translation>
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
        <source>in the accept queue, not yet accepted: connect() returned, accept() has not taken it yet</source>
        <translation>在连接队列中，尚未被 accept：connect() 已经返回，但 accept() 还没把它取走</translation>
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
        <source>Aim the client form at it</source>
        <translation>让客户端表单指向它</translation>
    </message>
    <message>
        <source>Copy certificate path</source>
        <translation>复制证书路径</translation>
    </message>
    <message>
        <source>Copy SHA-256 fingerprint</source>
        <translation>复制 SHA-256 指纹</translation>
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
        <source>held at {hook}()</source>
        <translation>停在 {hook}()</translation>
    </message>
    <message>
        <source>rejected: verify_request() returned False</source>
        <translation>被拒绝：verify_request() 返回了 False</translation>
    </message>
    <message>
        <source>done; {hook}() raised</source>
        <translation>已结束；{hook}() 抛出了异常</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>{hook}() raised</source>
        <translation>{hook}() 抛出了异常</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>in {hook}()</source>
        <translation>正在 {hook}() 中</translation>
    </message>
    <message>
        <source>{client}: in the accept queue, not yet accepted</source>
        <translation>{client}：在连接队列中，尚未被 accept</translation>
    </message>
    <message>
        <source>connect() returned: the kernel finished the handshake. The connection waits in the listening socket&apos;s accept queue until get_request() calls accept().</source>
        <translation>connect() 已经返回，说明内核完成了握手。这个连接在监听套接字的连接队列里等着，直到 get_request() 调用 accept() 把它取走。</translation>
    </message>
    <message>
        <source>#{rid} {peer}: {state}</source>
        <translation>#{rid} {peer}：{state}</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>Select to see self.request, self.client_address and self.server of this request</source>
        <translation>选中它，查看这个请求的 self.request、self.client_address 和 self.server</translation>
    </message>
    <message>
        <source>request #{rid} from {peer}</source>
        <translation>来自 {peer} 的请求 #{rid}</translation>
    </message>
    <message>
        <source>joined {groups} on {interface}</source>
        <translation>已在 {interface} 上加入 {groups}</translation>
    </message>
    <message>
        <source>any interface</source>
        <translation>任意接口</translation>
    </message>
    <message>
        <source>TLS: each connection starts with a handshake (do_handshake)</source>
        <translation>TLS：每个连接一开始先握手（do_handshake）</translation>
    </message>
    <message>
        <source>Double-click or Enter: aim the client form at this server. Delete: stop it.</source>
        <translation>双击或按 Enter：让客户端表单指向这个服务器。按 Delete：停止它。</translation>
    </message>
    <message>
        <source>shutdown() and server_close() (Delete)</source>
        <translation>调用 shutdown() 和 server_close()（Delete 键）</translation>
    </message>
    <message>
        <source>socket.close() (Delete)</source>
        <translation>调用 socket.close()（Delete 键）</translation>
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
    <message>
        <source>Send to this peer</source>
        <translation>向这个对端发送</translation>
    </message>
    <message>
        <source>The server is not running</source>
        <translation>服务器没有在运行</translation>
    </message>
    <message>
        <source>This request has ended: its connection is closed</source>
        <translation>这个请求已结束：它的连接已经关闭</translation>
    </message>
    <message>
        <source>Make this request&apos;s peer the target of the client box&apos;s Send tab</source>
        <translation>把这个请求的对端设为客户端区域“发送”页的目标</translation>
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
        <source>{server} is held at {hook}(): Step (F10) or Continue (F5) in Step mode</source>
        <translation>{server} 停在了 {hook}()：在单步模式里点“单步”（F10）或“继续”（F5）</translation>
    </message>
    <message>
        <source>{server} runs on {address}: connect a client to it.</source>
        <translation>{server} 正运行在 {address}：连一个客户端上去吧。</translation>
    </message>
    <message>
        <source>Send from a client; each step the server takes shows in the events and the timeline.</source>
        <translation>从客户端发送数据；服务器走的每一步都会出现在事件表和时间线里。</translation>
    </message>
    <message>
        <source>Show server as Python…</source>
        <translation>以 Python 程序显示服务器…</translation>
    </message>
    <message>
        <source>The selected running server, or the server form&apos;s settings, as a standalone program</source>
        <translation>把选中的运行中的服务器（或服务器表单的设置）显示为一个独立程序</translation>
    </message>
    <message>
        <source>Show client as Python…</source>
        <translation>以 Python 程序显示客户端…</translation>
    </message>
    <message>
        <source>The selected client, or the client form, with the payload, as a standalone program</source>
        <translation>把选中的客户端（或客户端表单）连同载荷显示为一个独立程序</translation>
    </message>
    <message>
        <source>Explain pane</source>
        <translation>解释面板</translation>
    </message>
    <message>
        <source>pcapng (for Wireshark)…</source>
        <translation>pcapng（供 Wireshark 使用）…</translation>
    </message>
    <message>
        <source>Write what the session recorded as a capture file that Wireshark and tshark open</source>
        <translation>把会话记录下来的内容写成 Wireshark 和 tshark 能打开的抓包文件</translation>
    </message>
    <message>
        <source>Relay</source>
        <translation>中继</translation>
    </message>
    <message>
        <source>Sit between a client and a server: forward, pause, edit and inject bytes either way</source>
        <translation>夹在客户端和服务器之间：双向转发，可以暂停、修改、注入字节</translation>
    </message>
    <message>
        <source>New relay…</source>
        <translation>新建中继…</translation>
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
    <name>PcapngExporter</name>
    <message>
        <source>Export as pcapng (for Wireshark)</source>
        <extracomment>The progress dialog shows only for an export that takes longer than this (ms).</extracomment>
        <translation>导出为 pcapng（供 Wireshark 使用）</translation>
    </message>
    <message>
        <source>pcapng capture files (*.pcapng);;All files (*)</source>
        <translation>pcapng 抓包文件 (*.pcapng);;所有文件 (*)</translation>
    </message>
    <message>
        <source>An export to pcapng is already running.</source>
        <translation>已经有一个 pcapng 导出在进行中。</translation>
    </message>
    <message>
        <source>Exporting to {path}…</source>
        <translation>正在导出到 {path}…</translation>
    </message>
    <message>
        <source>Export cancelled: nothing was written to {path}</source>
        <translation>导出已取消：{path} 没有写入任何内容</translation>
    </message>
    <message>
        <source>Could not export to pcapng: see the message</source>
        <translation>没能导出 pcapng：请看弹出的说明</translation>
    </message>
    <message>
        <source>({count} left out: see the log)</source>
        <translation>（有 {count} 处没写进去：见日志）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Export as pcapng</source>
        <translation>导出为 pcapng</translation>
    </message>
    <message>
        <source>Writing {name}: reading the session…</source>
        <translation>正在写 {name}：读取会话中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Writing {name}: {done} of {total} events read</source>
        <translation>正在写 {name}：已读 {done} / {total} 个事件</translation>
    </message>
    <message>
        <source>The capture file was not written.</source>
        <translation>抓包文件没有写出来。</translation>
    </message>
</context>
<context>
    <name>PeerTargets</name>
    <message>
        <source>{peer} (ended)</source>
        <translation>{peer}（已结束）</translation>
    </message>
    <message>
        <source>Sending to a server&apos;s peer, the host calls sendall() on a stream request&apos;s socket and sendto() to a datagram&apos;s sender</source>
        <translation>向服务器的对端发送时，宿主进程对流式请求的套接字调用 sendall()，对数据报则用 sendto() 发回给发送方</translation>
    </message>
    <message>
        <source>{call} acts on a client of ours: the chosen peer&apos;s socket belongs to {server}&apos;s handler</source>
        <translation>{call} 只能作用于我们自己的客户端：所选对端的套接字归 {server} 的处理器所有</translation>
    </message>
    <message>
        <source>recv(), the socket&apos;s modes and files act on a client of ours; choose a client above to use them</source>
        <translation>recv()、套接字模式和文件发送都只作用于我们自己的客户端；要使用它们，请在上面选一个客户端</translation>
    </message>
    <message>
        <source>a datagram&apos;s sender</source>
        <translation>数据报的发送方</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>{server} request #{request} ← {peer} · {state} · a send goes out from the host as {call}()</source>
        <translation>{server} 的请求 #{request} ← {peer} · {state} · 发送时由宿主进程调用 {call}()</translation>
    </message>
    <message>
        <source>The peer of one of {server}&apos;s requests: what you send here is recorded as that request&apos;s {call}, made on the host&apos;s thread rather than the handler&apos;s</source>
        <translation>{server} 某个请求的对端：在这里发送的内容会记录为该请求的 {call}，由宿主进程的线程而不是处理器线程完成</translation>
    </message>
    <message>
        <source>The socket call that sends the payload</source>
        <translation>发送载荷所用的套接字调用</translation>
    </message>
    <message>
        <source>{call}() to {server} #{request}&apos;s peer {peer}: {n} bytes sent</source>
        <translation>{call}() 发给 {server} 请求 #{request} 的对端 {peer}：发出了 {n} 字节</translation>
    </message>
    <message>
        <source>{packet}: {text}</source>
        <translation>{packet}：{text}</translation>
    </message>
</context>
<context>
    <name>QueueGauge</name>
    <message>
        <source>no accept queue: datagram servers accept no connections</source>
        <translation>没有连接队列：数据报服务器不接受连接</translation>
    </message>
    <message>
        <source>SOCK_DGRAM: each datagram is a request; recvfrom() reads it, nothing is accepted</source>
        <translation>SOCK_DGRAM：每个数据报就是一个请求，由 recvfrom() 读出，没有 accept 这一步</translation>
    </message>
    <message>
        <source>accept queue</source>
        <translation>连接队列</translation>
    </message>
    <message>
        <source>accept queue: {n} connection(s) the kernel completed that accept() has not taken yet (its limit, from listen(backlog): {limit})</source>
        <translation>连接队列：内核已完成握手、但 accept() 还没取走的连接有 {n} 个（上限来自 listen(backlog)：{limit}）</translation>
    </message>
    <message>
        <source>accept queue: not available for AF_UNIX</source>
        <translation>连接队列：AF_UNIX 无法查看</translation>
    </message>
    <message>
        <source>The kernel reports the accept queue&apos;s length for TCP listening sockets only</source>
        <translation>内核只为 TCP 监听套接字报告连接队列的长度</translation>
    </message>
    <message>
        <source>accept queue: not available on this system</source>
        <translation>连接队列：本系统无法查看</translation>
    </message>
    <message>
        <source>Only Linux tells a program how many connections wait in the accept queue</source>
        <translation>只有 Linux 会告诉程序连接队列里有多少个连接在等</translation>
    </message>
    <message>
        <source>accept queue: not available</source>
        <translation>连接队列：无法查看</translation>
    </message>
    <message>
        <source>The kernel gave no accept queue length for this socket</source>
        <translation>内核没有给出这个套接字的连接队列长度</translation>
    </message>
</context>
<context>
    <name>RelayPane</name>
    <message>
        <source>Listen on</source>
        <translation>监听于</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>or</source>
        <translation>或</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Where clients connect to the relay: 127.0.0.1 / ::1 this machine only, 0.0.0.0 / :: every interface</source>
        <translation>客户端连接中继的地址：127.0.0.1 / ::1 只限本机，0.0.0.0 / :: 所有接口</translation>
    </message>
    <message>
        <source>0 (any free)</source>
        <translation>0（任选空闲端口）</translation>
    </message>
    <message>
        <source>0 lets the operating system pick a free port; the bound port is shown</source>
        <translation>0 表示让操作系统挑一个空闲端口；绑定后会显示实际端口</translation>
    </message>
    <message>
        <source>A running TCP server of this window, or type the target&apos;s address</source>
        <translation>选本窗口里正在运行的 TCP 服务器，或者自己输入目标地址</translation>
    </message>
    <message>
        <source>The server the relay connects to, once for every client</source>
        <translation>中继要连接的服务器；每来一个客户端就连一次</translation>
    </message>
    <message>
        <source>choose</source>
        <translation>请选择</translation>
    </message>
    <message>
        <source>The target server&apos;s port</source>
        <translation>目标服务器的端口</translation>
    </message>
    <message>
        <source>Start relay</source>
        <translation>启动中继</translation>
    </message>
    <message>
        <source>Listen here; each client that connects gets its own connection to the target</source>
        <translation>在这里监听；每个连上来的客户端都会得到一条通往目标的独立连接</translation>
    </message>
    <message>
        <source>Stop relay</source>
        <translation>停止中继</translation>
    </message>
    <message>
        <source>Stop listening and close every relayed connection (held chunks are dropped)</source>
        <translation>停止监听并关闭所有转发中的连接（扣住的数据会被丢弃）</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>→ target</source>
        <translation>→ 目标</translation>
    </message>
    <message>
        <source>→ client</source>
        <translation>→ 客户端</translation>
    </message>
    <message>
        <source>The relay&apos;s open connections. Choose one to see what it holds; double-click: its bytes in the hex view</source>
        <translation>中继当前打开的连接。选中一个可以看它扣住了什么；双击：在十六进制视图里看它的字节</translation>
    </message>
    <message>
        <source>Hex: client side</source>
        <translation>十六进制：客户端一侧</translation>
    </message>
    <message>
        <source>This connection as the client saw it, in the hex view</source>
        <translation>在十六进制视图里看客户端眼中的这个连接</translation>
    </message>
    <message>
        <source>Hex: target side</source>
        <translation>十六进制：目标一侧</translation>
    </message>
    <message>
        <source>The relay&apos;s own connection to the target, in the hex view</source>
        <translation>在十六进制视图里看中继自己连往目标的那条连接</translation>
    </message>
    <message>
        <source>Inject</source>
        <translation>注入</translation>
    </message>
    <message>
        <source>to the target (c2s)</source>
        <translation>发给目标（c2s）</translation>
    </message>
    <message>
        <source>to the client (s2c)</source>
        <translation>发给客户端（s2c）</translation>
    </message>
    <message>
        <source>Which way your bytes go: as if the client sent them, or the target</source>
        <translation>你的字节往哪边发：当作客户端发的，还是当作目标发的</translation>
    </message>
    <message>
        <source>Bytes of your own, sent now on the chosen connection (before anything held)</source>
        <translation>你自己的字节，立即在选中的连接上发出（排在扣住的数据之前）</translation>
    </message>
    <message>
        <source>Send these bytes now in the chosen direction of the chosen connection</source>
        <translation>立即在选中连接的选定方向上发出这些字节</translation>
    </message>
    <message>
        <source>Start a server, aim the relay at it, then connect a client to the relay&apos;s address.</source>
        <translation>先启动一个服务器，让中继指向它，再把客户端连到中继的地址上。</translation>
    </message>
    <message>
        <source>{relay}: stopping…</source>
        <translation>{relay}：正在停止…</translation>
    </message>
    <message>
        <source>{relay} listens on {listen} and relays to {target}: connect a client to {listen}</source>
        <translation>{relay} 在 {listen} 上监听，转发到 {target}：把客户端连到 {listen}</translation>
    </message>
    <message>
        <source>— an address, typed below —</source>
        <translation>— 在下面输入地址 —</translation>
    </message>
    <message>
        <source>holding {n} bytes</source>
        <translation>扣住 {n} 字节</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>flowing</source>
        <translation>畅通</translation>
    </message>
</context>
<context>
    <name>ReplayBar</name>
    <message>
        <source>Pause</source>
        <extracomment>Events per second Play moves through, the choices of the speed box. Play&apos;s tick (ms): one batch per painted frame at most.</extracomment>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play from here</source>
        <translation>从这里开始播放</translation>
    </message>
    <message>
        <source>event {n} of {count}</source>
        <translation>第 {n} 个事件，共 {count} 个</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Back to the start: no event yet</source>
        <translation>回到开头：还没有任何事件</translation>
    </message>
    <message>
        <source>Step back one event (Alt+Left)</source>
        <translation>后退一个事件（Alt+Left）</translation>
    </message>
    <message>
        <source>Step forward one event (Alt+Right)</source>
        <translation>前进一个事件（Alt+Right）</translation>
    </message>
    <message>
        <source>To the end: every event</source>
        <translation>跳到结尾：全部事件</translation>
    </message>
    <message>
        <source>Where the replay is: every pane shows the session up to here</source>
        <translation>回放的位置：每个面板都显示会话到这里为止的内容</translation>
    </message>
    <message>
        <source>How fast Play moves through the events</source>
        <translation>播放时经过事件的速度</translation>
    </message>
    <message>
        <source>{n} events/s</source>
        <translation>每秒 {n} 个事件</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <source>Rules: how the server answers</source>
        <extracomment>Framings offered in the combo (any other spec can be typed: fixed:N, delimiter:BYTES). What a new editor holds: the guide&apos;s first rule. How often the hit counters are asked for while the editor is shown.</extracomment>
        <translation>规则：服务器怎样回答</translation>
    </message>
    <message>
        <source>Framing</source>
        <translation>分帧</translation>
    </message>
    <message>
        <source>How the received bytes are cut into frames; each frame gets the reply of the first rule that matches it. line: up to and including \n. raw: each recv() as it came. length:u16be: a 2-byte length, then that many bytes. fixed:N: N bytes. delimiter:BYTES: up to BYTES.</source>
        <translation>收到的字节怎样切成一帧一帧；每一帧由第一条匹配它的规则来回答。line：到 \n 为止（含 \n）。raw：每次 recv() 收到多少就是多少。length:u16be：先是 2 字节的长度，再是这么多字节。fixed:N：每帧 N 字节。delimiter:BYTES：到 BYTES 为止。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Optional: messages name the rule by it</source>
        <translation>可不填：提示信息用它来称呼这条规则</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>匹配方式</translation>
    </message>
    <message>
        <source>regex: a Python regular expression over the whole frame; literal: the exact bytes, with \n, \xNN escapes; hex: the exact bytes as hex</source>
        <translation>regex：对整帧匹配的 Python 正则表达式；literal：逐字节相同，可写 \n、\xNN 转义；hex：用十六进制写出的确切字节</translation>
    </message>
    <message>
        <source>Pattern</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>What the frame must be; a regex must match all of it, line ending too</source>
        <translation>帧必须是什么样；正则要匹配整帧，包括行尾</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>What to send back: \n, \xNN escapes; \1 or \g&lt;name&gt;: a regex group; \g&lt;0&gt;: the whole frame. Empty: send nothing</source>
        <translation>要发回的内容：可写 \n、\xNN 转义；\1 或 \g&lt;name&gt;：正则的分组；\g&lt;0&gt;：整帧。留空：什么也不发</translation>
    </message>
    <message>
        <source>Delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Seconds to wait before replying</source>
        <translation>回复前等待的秒数</translation>
    </message>
    <message>
        <source>Hits</source>
        <translation>命中</translation>
    </message>
    <message>
        <source>Frames this rule answered on the server started from here</source>
        <translation>从这里启动的服务器上，这条规则回答过的帧数</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>A new rule at the end (the first rule that matches answers)</source>
        <translation>在末尾加一条新规则（由第一条匹配的规则回答）</translation>
    </message>
    <message>
        <source>Load…</source>
        <translation>载入…</translation>
    </message>
    <message>
        <source>Read a rules file (TOML); it is read as data, never run</source>
        <translation>读入一个规则文件（TOML）；它只当作数据读取，绝不会被执行</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Write these rules to a file the CLI reads too (serve --rules FILE)</source>
        <translation>把这些规则写进文件，命令行也能读（serve --rules FILE）</translation>
    </message>
    <message>
        <source>Start server</source>
        <translation>启动服务器</translation>
    </message>
    <message>
        <source>Start a server from the form that answers by these rules</source>
        <translation>按表单启动一个服务器，用这些规则来回答</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（无名称）</translation>
    </message>
    <message>
        <source>e.g. PING (\d+)\r?\n</source>
        <translation>例如 PING (\d+)\r?\n</translation>
    </message>
    <message>
        <source>(send nothing)</source>
        <translation>（什么也不发）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Move up: tried earlier (Alt+Up)</source>
        <translation>上移：更早尝试（Alt+↑）</translation>
    </message>
    <message>
        <source>Move down: tried later (Alt+Down)</source>
        <translation>下移：更晚尝试（Alt+↓）</translation>
    </message>
    <message>
        <source>Remove this rule</source>
        <translation>删除这条规则</translation>
    </message>
    <message>
        <source>Hits are counted once a server runs with these rules.</source>
        <translation>有服务器用这些规则运行起来后，才开始统计命中次数。</translation>
    </message>
    <message>
        <source>Hits of {server} (stopped).</source>
        <translation>{server} 的命中次数（已停止）。</translation>
    </message>
    <message>
        <source>Hits of {server}: with ForkingMixIn each child process counts in its own copy of the rules, so the counts here stay at 0.</source>
        <translation>{server} 的命中次数：使用 ForkingMixIn 时，每个子进程在自己那份规则副本里计数，所以这里一直是 0。</translation>
    </message>
    <message>
        <source>Hits of {server}, counted as it answers (the last server started from here).</source>
        <translation>{server} 的命中次数，边回答边统计（它是从这里最后启动的服务器）。</translation>
    </message>
    <message>
        <source>Frames no rule matched (no reply): {n}</source>
        <translation>没有规则匹配的帧（未回复）：{n}</translation>
    </message>
    <message>
        <source>Load rules</source>
        <translation>载入规则</translation>
    </message>
    <message>
        <source>Rules files (*.toml);;All files (*)</source>
        <translation>规则文件 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Loaded {path}</source>
        <translation>已载入 {path}</translation>
    </message>
    <message>
        <source>Save rules as</source>
        <translation>规则另存为</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>无法保存 {path}：{reason}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
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
    <name>ServerOptions</name>
    <message>
        <source>Base class</source>
        <translation>处理器基类</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>fail in</source>
        <translation>出错位置</translation>
    </message>
    <message>
        <source>The handler raises on purpose, so you can watch handle_error()</source>
        <translation>处理器故意抛出异常，这样就能观察 handle_error()</translation>
    </message>
    <message>
        <source>handle(): it raises there, and finish() still runs. setup(): it raises before handle(), so neither handle() nor finish() runs.</source>
        <translation>handle()：在这里抛出异常，finish() 仍然会运行。setup()：在 handle() 之前就抛出异常，于是 handle() 和 finish() 都不会运行。</translation>
    </message>
    <message>
        <source>The request handler&apos;s base class. BaseRequestHandler: handle() uses self.request itself (recv/sendall). StreamRequestHandler: reads lines from self.rfile, writes to self.wfile. DatagramRequestHandler: the datagram is in self.rfile, the reply goes out from finish().</source>
        <translation>请求处理器的基类。BaseRequestHandler：handle() 直接用 self.request（recv/sendall）。StreamRequestHandler：从 self.rfile 按行读，往 self.wfile 写。DatagramRequestHandler：数据报在 self.rfile 里，回复由 finish() 发出。</translation>
    </message>
    <message>
        <source>serve_forever(): waits for requests until shutdown()</source>
        <translation>serve_forever()：一直等请求，直到调用 shutdown()</translation>
    </message>
    <message>
        <source>handle_request() in a loop: one request (or one timeout) per call</source>
        <translation>循环调用 handle_request()：每次调用处理一个请求（或一次超时）</translation>
    </message>
    <message>
        <source>How the serve thread drives the server</source>
        <translation>服务线程怎样驱动服务器</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Join group</source>
        <translation>加入组播</translation>
    </message>
    <message>
        <source>on</source>
        <translation>接口</translation>
    </message>
    <message>
        <source>self-signed certificate</source>
        <translation>自签名证书</translation>
    </message>
    <message>
        <source>Each accepted socket is wrapped with ssl (SSLContext.wrap_socket): a certificate for the Host field is made when the server starts, signed by itself. A client must trust its file (shown in the list once it runs) or turn certificate checking off.</source>
        <translation>每个接受下来的套接字都用 ssl 包一层（SSLContext.wrap_socket）：服务器启动时按“主机”一栏生成一张自己签名的证书。客户端要么信任这个证书文件（服务器运行后列表里会显示），要么关闭证书检查。</translation>
    </message>
    <message>
        <source>none (e.g. 239.1.2.3)</source>
        <translation>不加入（例如 239.1.2.3）</translation>
    </message>
    <message>
        <source>Multicast groups to join after bind() (IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP), comma-separated. To hear a group, bind to its address or to 0.0.0.0 / :: with the port the senders use.</source>
        <translation>bind() 之后要加入的组播组（IP_ADD_MEMBERSHIP / IPV6_JOIN_GROUP），多个用逗号分开。想收到某个组的数据，要绑定到这个组的地址或 0.0.0.0 / ::，端口和发送方用的一致。</translation>
    </message>
    <message>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <source>The interface to join on. IPv4: one of this machine&apos;s addresses (127.0.0.1 keeps the group on this machine). IPv6: an interface name or number (lo, eth0, 2). Empty: the system picks.</source>
        <translation>在哪个接口上加入。IPv4：填本机的某个地址（127.0.0.1 让组播只在本机内）。IPv6：填接口名或编号（lo、eth0、2）。留空：由系统决定。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>server.timeout: handle_request() waits this long for a request, then calls handle_timeout(). Also each request socket&apos;s timeout: a client silent this long ends with TimeoutError.</source>
        <translation>server.timeout：handle_request() 最多等这么久，等不到请求就调用 handle_timeout()。它也是每个请求套接字的超时：客户端沉默这么久，就以 TimeoutError 结束。</translation>
    </message>
    <message>
        <source>Each request socket&apos;s timeout: a client silent this long ends with TimeoutError. serve_forever() never calls handle_timeout(): choose handle_request() to see it.</source>
        <translation>每个请求套接字的超时：客户端沉默这么久，就以 TimeoutError 结束。serve_forever() 从不调用 handle_timeout()：想看到它，请选 handle_request()。</translation>
    </message>
    <message>
        <source>SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT</source>
        <translation>SO_REUSEADDR：不必等 TIME_WAIT 结束就能在同一端口重新启动</translation>
    </message>
    <message>
        <source>SO_REUSEADDR on UDP lets a second server bind the same port without an error</source>
        <translation>在 UDP 上，SO_REUSEADDR 会让第二个服务器也能绑定同一端口而不报错</translation>
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
        <source>More of what socketserver lets you choose: fail in setup() or handle(), allow_reuse_address, TLS, multicast groups, the handler&apos;s base class, serve_forever() or handle_request(), a timeout</source>
        <translation>socketserver 还能让你选的东西：在 setup() 或 handle() 里出错、allow_reuse_address、TLS、组播组、处理器的基类、serve_forever() 或 handle_request()、超时</translation>
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
        <source>rules: answer each message by the first rule that matches it (Rules…)</source>
        <translation>rules：每条消息由第一条匹配它的规则来回答（规则…）</translation>
    </message>
    <message>
        <source>What the request handler&apos;s handle() does</source>
        <translation>请求处理器的 handle() 做什么</translation>
    </message>
    <message>
        <source>Rules…</source>
        <translation>规则…</translation>
    </message>
    <message>
        <source>Open the rules editor: what this server answers, rule by rule</source>
        <translation>打开规则编辑器：一条一条地定下这个服务器回答什么</translation>
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
        <source>with TLS</source>
        <translation>（使用 TLS）</translation>
    </message>
    <message>
        <source>fail in handle()</source>
        <translation type="vanished">让 handle() 出错</translation>
    </message>
    <message>
        <source>handle() raises, so you can watch handle_error()</source>
        <translation type="vanished">handle() 会抛出异常，这样就能观察 handle_error()</translation>
    </message>
    <message>
        <source>SO_REUSEADDR: restart on the same port without waiting for TIME_WAIT</source>
        <translation type="vanished">SO_REUSEADDR：不必等 TIME_WAIT 结束就能在同一端口重新启动</translation>
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
        <extracomment>Longest rules text kept in the settings between runs. The saved form&apos;s name in the settings.</extracomment>
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
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>More of what socketserver lets you choose: fail in setup() or handle(), allow_reuse_address, the handler&apos;s base class, serve_forever() or handle_request(), a timeout</source>
        <translation type="vanished">socketserver 还能选的东西：在 setup() 或 handle() 里出错、allow_reuse_address、处理器的基类、serve_forever() 还是 handle_request()、超时</translation>
    </message>
    <message>
        <source>An allow list filters IP addresses; AF_UNIX clients have none</source>
        <translation>允许列表按 IP 地址过滤，而 AF_UNIX 客户端没有 IP 地址</translation>
    </message>
    <message>
        <source>SO_REUSEADDR on UDP lets a second server bind the same port without an error</source>
        <translation type="vanished">在 UDP 上，SO_REUSEADDR 会让第二个服务器也能绑定同一端口而不报错</translation>
    </message>
    <message>
        <source>Datagram servers do not listen(), so there is no backlog</source>
        <translation>数据报服务器不调用 listen()，所以没有等待队列</translation>
    </message>
    <message>
        <source>{id} stopped</source>
        <translation>{id} 已停止</translation>
    </message>
    <message>
        <source>{value} is not a port: ports end at 65535</source>
        <translation>{value} 不是端口号：端口号最大到 65535</translation>
    </message>
    <message>
        <source>{value} is not a port: ports end at 65535. The port stays {kept}.</source>
        <translation>{value} 不是端口号：端口号最大到 65535。端口保持为 {kept}。</translation>
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
        <source>The rules have a problem: see the rules editor.</source>
        <translation>规则有问题：请看规则编辑器。</translation>
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
        <source>{id} bound to {address}</source>
        <translation>{id} 已绑定到 {address}</translation>
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
    <name>StepsPane</name>
    <message>
        <source>Step mode</source>
        <extracomment>The hooks, in the order socketserver calls them, four to a line.</extracomment>
        <translation>单步模式</translation>
    </message>
    <message>
        <source>Break in</source>
        <translation>断点所在</translation>
    </message>
    <message>
        <source>The server whose hooks the ticks below are for</source>
        <translation>下面勾选的钩子属于哪个服务器</translation>
    </message>
    <message>
        <source>Stop a thread of this server when it enters {hook}(), until Step or Continue</source>
        <translation>这个服务器的线程一进入 {hook}() 就停下，直到点“单步”或“继续”</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Held at</source>
        <translation>停在</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Thread / process</source>
        <translation>线程/进程</translation>
    </message>
    <message>
        <source>Step (F10)</source>
        <translation>单步（F10）</translation>
    </message>
    <message>
        <source>Let the chosen thread go on, and stop it again at its next hook</source>
        <translation>让选中的线程往下走，到它的下一个钩子再停</translation>
    </message>
    <message>
        <source>Continue (F5)</source>
        <translation>继续（F5）</translation>
    </message>
    <message>
        <source>Let the chosen thread run on to the next breakpoint</source>
        <translation>让选中的线程一直运行到下一个断点</translation>
    </message>
    <message>
        <source>Start a server, then tick the hooks its threads should stop at.</source>
        <translation>先启动一个服务器，再勾选要让它的线程停下的钩子。</translation>
    </message>
    <message>
        <source>While a thread waits, the other threads, the accept queue and the clients go on.</source>
        <translation>一个线程停着的时候，其他线程、连接队列和客户端都照常运行。</translation>
    </message>
    <message>
        <source>Step: on to this thread&apos;s next hook. Continue: on to the next breakpoint.</source>
        <translation>单步：走到这个线程的下一个钩子。继续：走到下一个断点。</translation>
    </message>
    <message>
        <source>{count} thread(s) held</source>
        <translation>有 {count} 个线程停着</translation>
    </message>
    <message>
        <source>{count} breakpoint(s) set</source>
        <translation>已设 {count} 个断点</translation>
    </message>
    <message>
        <source>off: tick a hook to stop a thread there</source>
        <translation>未启用：勾选一个钩子，线程走到那里就会停下</translation>
    </message>
    <message>
        <source>{thread} (pid {pid})</source>
        <translation>{thread}（pid {pid}）</translation>
    </message>
    <message>
        <source>This thread waits at the start of {hook}(): it has not run it yet</source>
        <translation>这个线程停在 {hook}() 的入口：还没开始运行它</translation>
    </message>
    <message>
        <source>{server} is not a server started in this window</source>
        <translation>{server} 不是在这个窗口里启动的服务器</translation>
    </message>
    <message>
        <source>{server}: request #{rid} is not accepted yet, or older than those kept here</source>
        <translation>{server}：请求 #{rid} 还没被接受，或者比这里保留的请求更早</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>（未命名）</translation>
    </message>
    <message>
        <source>{server}, request #{rid} from {peer}: what its handler was given</source>
        <translation>{server} 的请求 #{rid}，来自 {peer}：它的处理器拿到的东西</translation>
    </message>
    <message>
        <source>print(self.request) on Python 3.11 shows family and type as numbers: family={family}, type={type}</source>
        <translation>在 Python 3.11 上 print(self.request) 会把 family 和 type 显示成数字：family={family}，type={type}</translation>
    </message>
    <message>
        <source>verify_request() returned False: this client was rejected. The server called shutdown_request() at once; setup(), handle() and finish() never ran.</source>
        <translation>verify_request() 返回了 False：这个客户端被拒绝了。服务器立刻调用了 shutdown_request()；setup()、handle() 和 finish() 都没有运行。</translation>
    </message>
    <message>
        <source>Held at {hook}() now.</source>
        <translation>现在停在 {hook}()。</translation>
    </message>
    <message>
        <source>Choose a request (under its server in the list, or in the events) to see what its handler got</source>
        <translation>选一个请求（在列表里它的服务器下面，或在事件表里），看看它的处理器拿到了什么</translation>
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
<context>
    <name>WorkspaceActions</name>
    <message>
        <source>Save &amp;workspace…</source>
        <translation>保存工作区(&amp;W)…</translation>
    </message>
    <message>
        <source>The forms, every running server and client, and the saved packets, as a TOML file</source>
        <translation>把两个表单、正在运行的每个服务器和客户端以及保存的报文写进一个 TOML 文件</translation>
    </message>
    <message>
        <source>Open wor&amp;kspace…</source>
        <translation>打开工作区(&amp;K)…</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>最近的工作区</translation>
    </message>
    <message>
        <source>{first} {second}</source>
        <translation>{first}{second}</translation>
    </message>
    <message>
        <source>Socket Workbench workspaces (*.toml);;All files (*)</source>
        <translation>Socket Workbench 工作区 (*.toml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <source>The workspace was not saved: {reason}</source>
        <translation>工作区没有保存：{reason}</translation>
    </message>
    <message>
        <source>Saved workspace {path}: {servers} server(s), {clients} client(s), {packets} saved packet(s).</source>
        <translation>工作区已保存到 {path}：{servers} 个服务器，{clients} 个客户端，{packets} 个保存的报文。</translation>
    </message>
    <message>
        <source>Left out: {what}.</source>
        <translation>没有写进去的：{what}。</translation>
    </message>
    <message>
        <source>the client form&apos;s payload ({reason})</source>
        <translation>客户端表单里的载荷（{reason}）</translation>
    </message>
    <message>
        <source>the client form&apos;s address ({reason})</source>
        <translation>客户端表单里的地址（{reason}）</translation>
    </message>
    <message>
        <source>saved packet {name} ({reason})</source>
        <translation>保存的报文 {name}（{reason}）</translation>
    </message>
    <message>
        <source>longer than {limit} characters</source>
        <translation>超过了 {limit} 个字符</translation>
    </message>
    <message>
        <source>the server form ({reason})</source>
        <translation>服务器表单（{reason}）</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>A workspace is being opened already; wait for it to finish.</source>
        <translation>已经有一个工作区正在打开，请等它打开完。</translation>
    </message>
    <message>
        <source>{name} was not opened: it has a problem.</source>
        <translation>{name} 没有打开：文件里有问题。</translation>
    </message>
    <message>
        <source>Workspace not opened</source>
        <translation>工作区没有打开</translation>
    </message>
    <message>
        <source>{name} was not opened; nothing was changed.</source>
        <translation>{name} 没有打开；什么都没有改变。</translation>
    </message>
    <message>
        <source>{name} was not opened.</source>
        <translation>{name} 没有打开。</translation>
    </message>
    <message>
        <source>Opened {name}: {started} of {servers} server(s) started, {clients} client(s) added ({connected} connected).</source>
        <translation>已打开 {name}：{servers} 个服务器中启动了 {started} 个，添加了 {clients} 个客户端（{connected} 个已连接）。</translation>
    </message>
    <message>
        <source>The saved packets were replaced by its {count}.</source>
        <translation>保存的报文已换成它里面的 {count} 个。</translation>
    </message>
    <message>
        <source>{count} saved packet(s) added.</source>
        <translation>添加了 {count} 个保存的报文。</translation>
    </message>
    <message>
        <source>{count} problem(s): see the message.</source>
        <translation>有 {count} 个问题：请看弹出的消息。</translation>
    </message>
    <message>
        <source>Workspace opened with problems</source>
        <translation>工作区已打开，但有问题</translation>
    </message>
    <message>
        <source>{name} is open, but not everything in it could be set up:</source>
        <translation>{name} 已经打开，但其中有些部分没能建立起来：</translation>
    </message>
    <message>
        <source>Server {name} did not start: {reason}</source>
        <translation>服务器 {name} 没有启动：{reason}</translation>
    </message>
    <message>
        <source>Client {name} was not added: {reason}</source>
        <translation>客户端 {name} 没有添加：{reason}</translation>
    </message>
    <message>
        <source>Client {name} did not connect: {reason}</source>
        <translation>客户端 {name} 没能连接：{reason}</translation>
    </message>
    <message>
        <source>Client {name} was not connected: its server {server} is not running.</source>
        <translation>客户端 {name} 没有连接：它对准的服务器 {server} 没有在运行。</translation>
    </message>
    <message>
        <source>{servers} server(s) and {clients} client(s) are running.</source>
        <translation>有 {servers} 个服务器和 {clients} 个客户端正在运行。</translation>
    </message>
    <message>
        <source>Stop them before opening {name}? Kept, they go on running beside what the workspace starts.</source>
        <translation>打开 {name} 之前要先停掉它们吗？如果保留，它们会和工作区启动的服务器、客户端一起继续运行。</translation>
    </message>
    <message>
        <source>Stop them, then open</source>
        <translation>先停掉，再打开</translation>
    </message>
    <message>
        <source>Keep them and open</source>
        <translation>保留它们并打开</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>{name} has {count} saved packet(s), and you have saved packets already.</source>
        <translation>{name} 里有 {count} 个保存的报文，而你这里已经有保存的报文了。</translation>
    </message>
    <message>
        <source>Replace yours with the workspace&apos;s, or add the workspace&apos;s to yours? Added, a packet of the same name is replaced.</source>
        <translation>用工作区里的报文换掉你的，还是把它们添加到你的报文里？选择添加时，同名的报文会被替换。</translation>
    </message>
    <message>
        <source>Replace mine</source>
        <translation>换掉我的</translation>
    </message>
    <message>
        <source>Add to mine</source>
        <translation>添加到我的</translation>
    </message>
</context>
</TS>
