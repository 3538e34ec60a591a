//! The floor for docs/BENCHMARKS.md: how fast can this machine push a small message to
//! N loopback TCP sockets and get a reply back, with no WebSocket, JSON, game or async
//! runtime? One plain epoll loop per process, like quiznight's server and load tool.
//!
//!     cargo run --release --example loopback_floor -- server 10000 &
//!     cargo run --release --example loopback_floor -- client 10000
//!
//! The server writes a 300-byte "question" to every socket (all first; pass a third
//! argument N to read replies after every N writes), reads each 50-byte "answer" and
//! writes a 40-byte "ack". The client prints fan-out and ack percentiles for 5 rounds.
//! Loopback only (port 18199); bounded: 5 rounds, then both exit.

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token};
use std::io::{Read, Write};
use std::time::Duration;

/// Wall-clock nanoseconds: the one clock both processes share.
fn now_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_nanos() as u64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args[1].as_str();
    let n: usize = args[2].parse().unwrap();
    let addr = "127.0.0.1:18199".parse().unwrap();
    assert!(n > 0, "N must be at least 1");
    let mut poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(1024);
    let mut buf = [0u8; 4096];
    if mode == "server" {
        let mut l = TcpListener::bind(addr).unwrap();
        poll.registry()
            .register(&mut l, Token(usize::MAX), Interest::READABLE)
            .unwrap();
        let mut socks: Vec<TcpStream> = Vec::new();
        while socks.len() < n {
            poll.poll(&mut events, None).unwrap();
            while let Ok((mut s, _)) = l.accept() {
                s.set_nodelay(true).unwrap();
                poll.registry()
                    .register(&mut s, Token(socks.len()), Interest::READABLE)
                    .unwrap();
                socks.push(s);
            }
        }
        std::thread::sleep(Duration::from_millis(500));
        let interleave: usize = args
            .get(3)
            .map(|s| s.parse().unwrap())
            .unwrap_or(usize::MAX);
        for round in 0..5 {
            let t0 = now_ns();
            let mut msg = vec![b'q'; 300];
            msg[..8].copy_from_slice(&t0.to_le_bytes());
            let mut acked = 0;
            let mut sent = 0;
            while acked < n {
                // write a batch of questions
                let end = (sent + interleave).min(n);
                while sent < end {
                    socks[sent].write_all(&msg).unwrap();
                    sent += 1;
                }
                let timeout = if sent < n { Some(Duration::ZERO) } else { None };
                poll.poll(&mut events, timeout).unwrap();
                for ev in events.iter() {
                    let i = ev.token().0;
                    if let Ok(k) = socks[i].read(&mut buf) {
                        if k > 0 {
                            socks[i].write_all(&[b'a'; 40]).unwrap();
                            acked += 1;
                        }
                    }
                }
            }
            eprintln!(
                "server round {round}: {:.1} ms",
                (now_ns() - t0) as f64 / 1e6
            );
            std::thread::sleep(Duration::from_millis(300));
        }
    } else {
        let mut socks = Vec::new();
        for i in 0..n {
            let s = std::net::TcpStream::connect(addr).unwrap();
            s.set_nodelay(true).unwrap();
            s.set_nonblocking(true).unwrap();
            let mut s = TcpStream::from_std(s);
            poll.registry()
                .register(&mut s, Token(i), Interest::READABLE)
                .unwrap();
            socks.push(s);
        }
        let mut sent_at = vec![0u64; n];
        for _round in 0..5 {
            let mut fan = Vec::with_capacity(n);
            let mut ack = Vec::with_capacity(n);
            while ack.len() < n {
                poll.poll(&mut events, None).unwrap();
                for ev in events.iter() {
                    let i = ev.token().0;
                    if let Ok(k) = socks[i].read(&mut buf) {
                        let t = now_ns();
                        if k >= 300 {
                            let t0 = u64::from_le_bytes(buf[..8].try_into().unwrap());
                            fan.push(t - t0);
                            socks[i].write_all(&[b'x'; 50]).unwrap();
                            sent_at[i] = now_ns();
                        } else if k > 0 {
                            ack.push(t - sent_at[i]);
                        }
                    }
                }
            }
            fan.sort();
            ack.sort();
            let p = |v: &Vec<u64>, q: f64| {
                v[((v.len() as f64 * q) as usize).min(v.len() - 1)] as f64 / 1e6
            };
            println!(
                "fanout p50 {:.1} p99 {:.1} | ack p50 {:.1} p99 {:.1}",
                p(&fan, 0.5),
                p(&fan, 0.99),
                p(&ack, 0.5),
                p(&ack, 0.99)
            );
        }
    }
}
