//! Views of the plans beyond their findings: the money attributed up the golden thread
//! (`money`), how far the Corporate Plan is taken up (`coverage`), and the thread through one
//! item (`trace`). They are data; the reporters in `report/` turn them into text.

pub mod coverage;
pub mod money;
pub mod trace;
