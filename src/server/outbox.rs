//! The write side of each connection, shared by the connection's task and its room.
//!
//! A room of thousands used to wake one task per player for every message, only for that
//! task to write a few hundred bytes. Now the room writes each frame straight into the
//! socket (non-blocking, from its own task) and the connection's task steps in only for
//! what the socket could not take at once. Every byte bound for one socket passes through
//! one queue under one lock, so the room's frames and those of the connection's own
//! WebSocket layer (replies, pongs, the close frame) never interleave.
//!
//! - [`Listener`] accepts sockets for axum and wraps each in a [`Stream`].
//! - [`ConnInfo`] hands a handler the peer's address and the socket's [`Outbox`].
//! - [`Frame`] is one server-to-client text frame, encoded once and shared.

use bytes::Bytes;
use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{ready, Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

/// Frames a room may leave waiting for one slow socket before it gives up on it.
pub const MAX_QUEUED_FRAMES: usize = 64;
/// Bytes the connection's own writes may leave queued before they have to wait.
const MAX_QUEUED_BYTES: usize = 256 * 1024;

/// One WebSocket text frame as the server sends it (unmasked), ready for the wire.
#[derive(Debug, Clone)]
pub struct Frame(Bytes);

impl Frame {
    /// A final text frame carrying `text`.
    pub fn text(text: impl Into<Bytes>) -> Self {
        let frame = tokio_tungstenite::tungstenite::protocol::frame::Frame::message(
            text,
            OpCode::Data(Data::Text),
            true,
        );
        let mut wire = Vec::with_capacity(frame.len());
        frame
            .format(&mut wire)
            .expect("writing into a Vec cannot fail");
        Self(wire.into())
    }
}

impl From<String> for Frame {
    fn from(text: String) -> Self {
        Self::text(text)
    }
}

/// Accepts TCP connections for axum, each as a [`Stream`].
pub struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Stream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Stream, SocketAddr) {
        let (tcp, addr) = axum::serve::Listener::accept(&mut self.0).await;
        // Small messages must leave at once: with Nagle's algorithm a `reveal` written while
        // the `question` before it is unacknowledged waits for the peer's delayed ACK (~40 ms).
        let _ = tcp.set_nodelay(true);
        (Stream::new(tcp), addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// What a handler learns about its connection (axum's `ConnectInfo`).
#[derive(Clone, Debug)]
pub struct ConnInfo {
    pub peer: SocketAddr,
    pub outbox: Outbox,
}

impl ConnInfo {
    /// What handlers on this connection learn about it.
    pub fn of(stream: &Stream, peer: SocketAddr) -> Self {
        Self {
            peer,
            outbox: Outbox(stream.shared.clone()),
        }
    }
}

/// One accepted socket as axum and hyper see it: reads go straight to the socket, writes
/// through the shared queue.
pub struct Stream {
    read: OwnedReadHalf,
    shared: Arc<Shared>,
}

struct Shared {
    out: Mutex<Out>,
    /// Told when the queue gained bytes the connection's task must flush.
    pending: Notify,
}

struct Out {
    write: OwnedWriteHalf,
    /// Bytes the socket has not taken yet, in order.
    queue: VecDeque<Bytes>,
    queued_bytes: usize,
    /// The socket failed or the connection ended: the room's writes are refused.
    closed: bool,
}

impl Stream {
    fn new(tcp: tokio::net::TcpStream) -> Self {
        let (read, write) = tcp.into_split();
        let out = Out {
            write,
            queue: VecDeque::new(),
            queued_bytes: 0,
            closed: false,
        };
        Self {
            read,
            shared: Arc::new(Shared {
                out: Mutex::new(out),
                pending: Notify::new(),
            }),
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Out> {
        // A panic while holding the lock leaves only bytes behind: keep going.
        self.out.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Out {
    fn push(&mut self, bytes: Bytes) {
        self.queued_bytes += bytes.len();
        self.queue.push_back(bytes);
    }

    /// Writes queued bytes until the queue is empty (Ready) or the socket is full (Pending,
    /// with `cx` woken when it can take more).
    fn poll_drain(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some(front) = self.queue.front_mut() {
            let n = match ready!(Pin::new(&mut self.write).poll_write(cx, front)) {
                Ok(0) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                Ok(n) => n,
                Err(e) => {
                    self.closed = true;
                    return Poll::Ready(Err(e));
                }
            };
            self.queued_bytes -= n;
            if n == front.len() {
                self.queue.pop_front();
            } else {
                let _ = front.split_to(n);
            }
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.read).poll_read(cx, buf)
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let mut out = self.shared.lock();
        if !out.queue.is_empty() {
            // Earlier bytes go first; queue behind them if the socket is still full.
            if let Poll::Ready(Err(e)) = out.poll_drain(cx) {
                return Poll::Ready(Err(e));
            }
            if !out.queue.is_empty() {
                if out.queued_bytes >= MAX_QUEUED_BYTES {
                    return Poll::Pending; // `cx` is woken when the socket takes more
                }
                out.push(Bytes::copy_from_slice(buf));
                return Poll::Ready(Ok(buf.len()));
            }
        }
        match ready!(Pin::new(&mut out.write).poll_write(cx, buf)) {
            // Keep the rest of a partly written frame ahead of anything the room sends.
            Ok(n) if n < buf.len() => {
                out.push(Bytes::copy_from_slice(&buf[n..]));
                Poll::Ready(Ok(buf.len()))
            }
            other => Poll::Ready(other),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut out = self.shared.lock();
        ready!(out.poll_drain(cx))?;
        Pin::new(&mut out.write).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let mut out = self.shared.lock();
        ready!(out.poll_drain(cx))?;
        Pin::new(&mut out.write).poll_shutdown(cx)
    }
}

/// The room's way to write to one connection (cheap to clone).
#[derive(Clone)]
pub struct Outbox(Arc<Shared>);

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Outbox")
    }
}

impl Outbox {
    /// Writes `frame` now if the socket takes it, else queues it for the connection's
    /// task. False when the connection is closed or already [`MAX_QUEUED_FRAMES`] behind:
    /// the caller then lets go of it.
    pub fn send(&self, frame: &Frame) -> bool {
        let mut out = self.0.lock();
        if out.closed {
            return false;
        }
        if !out.queue.is_empty() {
            if out.queue.len() >= MAX_QUEUED_FRAMES {
                return false;
            }
            out.push(frame.0.clone());
            return true;
        }
        let rest = match out.write.try_write(&frame.0) {
            Ok(n) if n == frame.0.len() => return true,
            Ok(n) => frame.0.slice(n..),
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => frame.0.clone(),
            Err(_) => {
                out.closed = true;
                return false;
            }
        };
        out.push(rest);
        drop(out);
        self.0.pending.notify_one();
        true
    }

    /// Resolves when the queue has bytes waiting (cancel-safe: a wake-up is kept).
    pub async fn pending(&self) {
        self.0.pending.notified().await;
    }

    /// Writes out everything queued (the caller bounds how long it may take).
    pub async fn flush(&self) -> io::Result<()> {
        std::future::poll_fn(|cx| self.0.lock().poll_drain(cx)).await
    }

    /// Refuses further writes from the room (the connection is ending).
    pub fn close(&self) {
        self.0.lock().closed = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::time::Duration;
    use tokio::io::AsyncWriteExt;

    /// Splits a server-to-client byte stream into the payloads of its text frames.
    fn payloads(mut wire: &[u8]) -> Vec<Vec<u8>> {
        let mut out = Vec::new();
        while !wire.is_empty() {
            assert_eq!(wire[0], 0x81, "a final, unmasked text frame");
            let (len, header) = match wire[1] {
                126 => (u16::from_be_bytes([wire[2], wire[3]]) as usize, 4),
                127 => (
                    u64::from_be_bytes(wire[2..10].try_into().unwrap()) as usize,
                    10,
                ),
                n => (n as usize, 2),
            };
            out.push(wire[header..header + len].to_vec());
            wire = &wire[header + len..];
        }
        out
    }

    #[test]
    fn frames_are_encoded_as_websocket_text() {
        for len in [0, 125, 126, 300, 70_000] {
            let text = "x".repeat(len);
            let frame = Frame::text(text.clone());
            assert_eq!(payloads(&frame.0), vec![text.into_bytes()], "{len} bytes");
        }
    }

    #[tokio::test]
    async fn a_slow_reader_gets_every_frame_in_order_until_it_is_too_far_behind() {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let mut listener = Listener(listener);
        // A client with a small receive buffer that reads nothing for now.
        let client = std::thread::spawn(move || {
            let socket =
                socket2::Socket::new(socket2::Domain::IPV4, socket2::Type::STREAM, None).unwrap();
            socket.set_recv_buffer_size(4096).unwrap();
            socket.connect(&addr.into()).unwrap();
            // A test that goes wrong fails here rather than waiting forever.
            socket
                .set_read_timeout(Some(Duration::from_secs(10)))
                .unwrap();
            std::net::TcpStream::from(socket)
        });
        let (mut stream, _) = axum::serve::Listener::accept(&mut listener).await;
        let mut client = client.join().unwrap();
        socket2::SockRef::from(stream.read.as_ref())
            .set_send_buffer_size(4096)
            .unwrap();
        let outbox = Outbox(stream.shared.clone());

        // The room writes until the socket is full and a few frames wait.
        let frame = |i: usize| Frame::text(format!("{i:04}:{}", "q".repeat(2000)));
        let queued = |outbox: &Outbox| outbox.0.lock().queue.len();
        let mut sent = 0;
        while queued(&outbox) < 5 {
            assert!(outbox.send(&frame(sent)), "taken while the queue is short");
            sent += 1;
            assert!(sent < 10_000, "the socket never filled");
        }
        // The client makes room; later frames must still queue behind the waiting ones.
        let mut wire = Vec::new();
        client.set_nonblocking(true).unwrap();
        let mut chunk = [0; 4096];
        while let Ok(n @ 1..) = client.read(&mut chunk) {
            wire.extend_from_slice(&chunk[..n]);
        }
        client.set_nonblocking(false).unwrap();
        assert!(!wire.is_empty(), "the socket held frames");
        // Let the kernel acknowledge what was read (a delayed ACK takes up to ~40 ms), so
        // the socket could take more: a frame written now would overtake the queue.
        tokio::time::sleep(Duration::from_millis(200)).await;
        while outbox.send(&frame(sent)) {
            sent += 1;
            assert!(sent < 10_000, "the queue never filled");
        }
        assert_eq!(queued(&outbox), MAX_QUEUED_FRAMES, "refused once 64 wait");
        // The connection's own write (a reply) goes behind everything queued.
        let reply = Frame::text("reply");
        tokio::time::timeout(Duration::from_secs(10), stream.write_all(&reply.0))
            .await
            .expect("a reply is queued, not blocked")
            .unwrap();

        // The client reads while the connection's task flushes.
        let reader = std::thread::spawn(move || {
            client.read_to_end(&mut wire).unwrap();
            wire
        });
        tokio::time::timeout(Duration::from_secs(10), outbox.flush())
            .await
            .expect("flushed in time")
            .unwrap();
        stream.shutdown().await.unwrap();
        drop((stream, outbox));
        let got = payloads(&reader.join().unwrap());
        let mut want: Vec<Vec<u8>> = (0..sent).map(|i| frame(i).0[4..].to_vec()).collect();
        want.push(b"reply".to_vec());
        assert_eq!(got.len(), want.len());
        assert!(got == want, "frames arrived whole and in order");
    }
}
