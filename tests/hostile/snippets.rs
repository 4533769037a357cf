//! Snippet files: huge ranges, FIFOs, large files, BOMs and other encodings.

use super::*;
