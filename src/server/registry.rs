//! Which rooms exist, and which token belongs to whom.
//!
//! Handles are cloned out of the maps; no map guard is ever held across an `.await`.

use super::room::RoomHandle;
use crate::protocol::{PlayerId, RoomCode, Token};
use dashmap::DashMap;
use rand::Rng;

/// Who a token stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenOwner {
    pub code: RoomCode,
    /// None for the host.
    pub player: Option<PlayerId>,
}

/// Every running room by code, and every live token.
#[derive(Default)]
pub struct Registry {
    rooms: DashMap<RoomCode, RoomHandle>,
    tokens: DashMap<Token, TokenOwner>,
}

impl Registry {
    /// The room with this code.
    pub fn room(&self, code: &RoomCode) -> Option<RoomHandle> {
        self.rooms.get(code).map(|r| r.value().clone())
    }

    /// Reserves a fresh random 6-digit code and stores the handle `make` builds for it.
    pub fn insert_room(&self, make: impl FnOnce(RoomCode) -> RoomHandle) -> RoomHandle {
        let mut rng = rand::rng();
        loop {
            let code = RoomCode(format!("{:06}", rng.random_range(0..1_000_000)));
            if let dashmap::Entry::Vacant(slot) = self.rooms.entry(code.clone()) {
                let handle = make(code);
                slot.insert(handle.clone());
                return handle;
            }
        }
    }

    /// Puts back a room (after a restart) under its old code.
    pub fn restore_room(&self, handle: RoomHandle) {
        self.rooms.insert(handle.code.clone(), handle);
    }

    /// Forgets a room and its tokens.
    pub fn remove_room(&self, code: &RoomCode) {
        self.rooms.remove(code);
        self.tokens.retain(|_, owner| &owner.code != code);
    }

    /// How many rooms are running.
    pub fn room_count(&self) -> usize {
        self.rooms.len()
    }

    /// Every room's handle (for shutdown).
    pub fn all_rooms(&self) -> Vec<RoomHandle> {
        self.rooms.iter().map(|r| r.value().clone()).collect()
    }

    /// Records who a token belongs to.
    pub fn insert_token(&self, token: Token, owner: TokenOwner) {
        self.tokens.insert(token, owner);
    }

    /// Who a token belongs to.
    pub fn token_owner(&self, token: &Token) -> Option<TokenOwner> {
        self.tokens.get(token).map(|o| o.value().clone())
    }

    /// Makes a token stop working (a kicked player).
    pub fn remove_token(&self, token: &Token) {
        self.tokens.remove(token);
    }
}

/// A new random, unguessable token (128 bits, hex).
pub fn new_token() -> Token {
    let bytes: [u8; 16] = rand::rng().random();
    Token(bytes.iter().map(|b| format!("{b:02x}")).collect())
}
