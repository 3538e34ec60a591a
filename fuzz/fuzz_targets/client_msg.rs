//! Any bytes a client can send as a text frame: parsing never panics, and whatever
//! parses serializes and parses back to the same message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quiznight::protocol::parse_client;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(msg) = parse_client(text) {
        let again = serde_json::to_string(&msg).expect("a parsed message serializes");
        assert_eq!(parse_client(&again).as_ref(), Ok(&msg), "round trip of {text:?}");
    }
});
