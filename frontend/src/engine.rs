//! The main thread's side of the engine worker: starts it, sends requests, applies answers.
//!
//! The worker ([`crate::protocol`], `src/bin/engine.rs`) holds the whole engine, so this bundle
//! does not; it is started right after the first render and answers asynchronously. Per
//! [`Kind`] of preview, at most one request is in the worker at a time and at most one waits
//! behind it (a newer request replaces the waiting one, which is then never serialized or
//! sent); only the answer to the newest request of a kind reaches its callback. So typing into
//! a 1,000-table design queues no backlog of stale plans, and an old answer never overwrites a
//! newer one. A read that saves an edit (a function's or trigger's definition) is never
//! replaced: each gets its answer.
//!
//! Until the worker says it listens ([`READY`]), requests wait here: a message posted to a
//! worker whose wasm is still loading would be lost.
//!
//! Schemas do not travel with requests: [`sync`] sends the worker only what changed in a
//! [`Slot`] since the last time (see [`crate::mirror`]), so an edit in a 1,000-table design
//! costs the main thread a comparison and one table's JSON, not a deep clone and megabytes of
//! JSON per request. Answers nobody waits for are dropped by their sequence number, unread.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use joinery_shared::model::Schema;

use crate::protocol::{
    reply_parts, Envelope, Kind, MessageRef, Mirror, Request, Response, SchemaPatch, Slot, READY,
};

/// The script Trunk writes for the worker (`data-loader-shim`): it loads `engine.js` and
/// `engine_bg.wasm` from beside itself. Same origin, so the page's CSP allows it.
const WORKER_URL: &str = "/engine_loader.js";

/// Where the engine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EngineState {
    /// Its wasm is still downloading or starting; requests wait.
    Loading,
    /// It answers requests.
    Ready,
    /// It could not be started or stopped with an error.
    Failed,
}

impl EngineState {
    /// The value of the shell's `data-engine` attribute (what tests and the benchmark wait on).
    pub fn as_str(self) -> &'static str {
        match self {
            EngineState::Loading => "loading",
            EngineState::Ready => "ready",
            EngineState::Failed => "failed",
        }
    }
}

type Callback = Box<dyn FnOnce(Response)>;

/// Where a request waits and where its answer goes: one lane per kind whose newest request
/// replaces the older ones ([`Kind::latest_only`]), one lane per request otherwise, so that
/// every such request is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Lane(Kind, u64);

impl Lane {
    fn of(kind: Kind, seq: u64) -> Lane {
        Lane(kind, if kind.latest_only() { 0 } else { seq })
    }
}

struct Client {
    worker: Option<web_sys::Worker>,
    /// Whether the worker may start (see [`start_after_first_paint`]).
    released: bool,
    ready: bool,
    next_seq: u64,
    /// The newest request's sequence number and callback, per lane.
    newest: HashMap<Lane, (u64, Callback)>,
    /// The sequence number of the request the worker is working on, per lane.
    in_flight: HashMap<Lane, u64>,
    /// The newest request not yet sent, per lane.
    waiting: HashMap<Lane, (u64, Request)>,
    /// What the worker holds in each slot (or will, once it is ready).
    mirror: Mirror,
    state: RwSignal<EngineState>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn with_client<R>(f: impl FnOnce(&mut Client) -> R) -> R {
    CLIENT.with(|cell| {
        let mut slot = cell.borrow_mut();
        let client = slot.get_or_insert_with(|| Client {
            worker: None,
            released: false,
            ready: false,
            next_seq: 1,
            newest: HashMap::new(),
            in_flight: HashMap::new(),
            waiting: HashMap::new(),
            mirror: Mirror::default(),
            state: RwSignal::new(EngineState::Loading),
        });
        f(client)
    })
}

/// Lets the worker start once the first frame is on screen, and starts it: its script and
/// wasm are fetched and compiled on the second core, which the first render needs (the
/// designer's own wasm is compiled and instantiated then, its first frame rasterized).
/// Requests made before that wait.
pub fn start_after_first_paint() {
    wait_for_paint(0);
}

/// At most this many frames are waited for the first paint (a browser without paint timing).
const MAX_FRAMES_BEFORE_START: u32 = 60;

/// Whether the browser has shown the first contentful paint. (An animation frame, or a timer
/// set in one, can come before the compositor has shown the frame it drew.)
fn painted() -> bool {
    web_sys::window()
        .and_then(|w| w.performance())
        .is_some_and(|p| p.get_entries_by_name("first-contentful-paint").length() > 0)
}

/// Checks once a frame whether the first paint is on screen; then starts the worker.
fn wait_for_paint(frames: u32) {
    request_animation_frame(move || {
        if painted() || frames >= MAX_FRAMES_BEFORE_START {
            set_timeout(
                || {
                    with_client(|c| c.released = true);
                    start();
                },
                std::time::Duration::ZERO,
            );
        } else {
            wait_for_paint(frames + 1);
        }
    });
}

/// Starts the worker (once, and not before [`start_after_first_paint`] lets it); later calls
/// do nothing.
pub fn start() {
    let started = with_client(|c| {
        !c.released || c.worker.is_some() || c.state.get_untracked() == EngineState::Failed
    });
    if started {
        return;
    }
    let worker = match web_sys::Worker::new(WORKER_URL) {
        Ok(worker) => worker,
        Err(_) => {
            fail("the engine could not be started");
            return;
        }
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
        if let Some(text) = ev.data().as_string() {
            on_message(&text);
        }
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    // A script that does not load, or a panic in the worker, ends up here.
    let on_error = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        ev.prevent_default();
        fail("the engine stopped with an error");
    });
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    with_client(|c| c.worker = Some(worker));
}

/// Where the engine is, as a signal.
pub fn state() -> RwSignal<EngineState> {
    with_client(|c| c.state)
}

/// Sends `request`; `on_reply` gets its answer unless a newer request of the same kind was
/// made meanwhile (then the newer one's callback gets the newer answer, and this one is dropped).
pub fn request(request: Request, on_reply: impl FnOnce(Response) + 'static) {
    start();
    let kind = request.kind();
    let (lane, send) = with_client(|c| {
        let seq = c.next_seq;
        c.next_seq += 1;
        let lane = Lane::of(kind, seq);
        c.newest.insert(lane, (seq, Box::new(on_reply)));
        c.waiting.insert(lane, (seq, request));
        (lane, c.ready && !c.in_flight.contains_key(&lane))
    });
    if send {
        send_waiting(lane);
    }
}

/// Forgets the pending request of `kind`: its answer, when it comes, is dropped.
pub fn cancel(kind: Kind) {
    let lane = Lane(kind, 0);
    with_client(|c| {
        c.newest.remove(&lane);
        c.waiting.remove(&lane);
    });
}

/// Brings the worker's copy of `slot` up to `schema`, sending only what changed. Call it before
/// a request that reads the slot; when nothing changed it sends nothing.
pub fn sync(slot: Slot, schema: &Schema) {
    start();
    let posted = with_client(|c| {
        let worker = c.worker.clone().filter(|_| c.ready);
        let mut message = None;
        c.mirror.update(slot, schema, |patch| {
            if worker.is_some() {
                message = serde_json::to_string(&MessageRef::Sync { slot, patch }).ok();
            }
        });
        worker.zip(message)
    });
    if let Some((worker, text)) = posted {
        post(&worker, &text);
    }
}

/// Posts the waiting request of `lane`, if any.
fn send_waiting(lane: Lane) {
    let message = with_client(|c| {
        let (seq, body) = c.waiting.remove(&lane)?;
        let text = serde_json::to_string(&MessageRef::Request(&Envelope { seq, body })).ok()?;
        c.in_flight.insert(lane, seq);
        Some((c.worker.clone()?, text))
    });
    if let Some((worker, text)) = message {
        post(&worker, &text);
    }
}

fn post(worker: &web_sys::Worker, text: &str) {
    if worker.post_message(&JsValue::from_str(text)).is_err() {
        fail("the engine could not be reached");
    }
}

fn on_message(text: &str) {
    if text == READY {
        let (state, lanes, syncs): (_, Vec<Lane>, Vec<String>) = with_client(|c| {
            c.ready = true;
            // The worker starts empty: it gets each slot's whole copy, then the requests.
            let syncs = Slot::ALL
                .iter()
                .filter_map(|&slot| {
                    let patch = SchemaPatch::between(&Schema::default(), c.mirror.get(slot));
                    let message = MessageRef::Sync {
                        slot,
                        patch: &patch,
                    };
                    (!patch.is_empty()).then(|| serde_json::to_string(&message).ok())?
                })
                .collect();
            (c.state, c.waiting.keys().copied().collect(), syncs)
        });
        if let Some(worker) = with_client(|c| c.worker.clone()) {
            for text in &syncs {
                post(&worker, text);
            }
        }
        state.set(EngineState::Ready);
        for lane in lanes {
            send_waiting(lane);
        }
        return;
    }
    let Some((seq, body)) = reply_parts(text) else {
        return;
    };
    let (lane, callback) = with_client(|c| {
        let lane = c
            .in_flight
            .iter()
            .find(|(_, s)| **s == seq)
            .map(|(lane, _)| *lane);
        let Some(lane) = lane else {
            return (None, None);
        };
        c.in_flight.remove(&lane);
        let newest = c.newest.get(&lane).is_some_and(|(s, _)| *s == seq);
        let callback = if newest {
            c.newest.remove(&lane).map(|(_, cb)| cb)
        } else {
            None
        };
        (Some(lane), callback)
    });
    // Only an answer somebody waits for is read. The callback may make a new request: the
    // client is not borrowed while it runs.
    if let Some(callback) = callback {
        if let Ok(response) = serde_json::from_str::<Response>(body) {
            callback(response);
        }
    }
    if let Some(lane) = lane {
        send_waiting(lane);
    }
}

/// Marks the engine failed; whatever waits for it stays unanswered, and the UI says so.
fn fail(why: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!("Joinery: {why}")));
    let state = with_client(|c| {
        c.in_flight.clear();
        c.state
    });
    state.set(EngineState::Failed);
}
