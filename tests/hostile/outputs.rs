//! Two things at one output address, ids that collide, revision expressions and closed pipes.

use super::*;
