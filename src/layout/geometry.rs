//! The GB/T 9704 page: A4, margins, type area, sizes and line pitch.

/// Millimetres to points.
pub const fn mm(v: f32) -> f32 {
    v * 72.0 / 25.4
}

pub const PAGE_WIDTH: f32 = mm(210.0);
pub const PAGE_HEIGHT: f32 = mm(297.0);
pub const MARGIN_TOP: f32 = mm(37.0);
pub const MARGIN_LEFT: f32 = mm(28.0);
pub const TYPE_WIDTH: f32 = mm(156.0);
pub const TYPE_HEIGHT: f32 = mm(225.0);
pub const TYPE_BOTTOM: f32 = MARGIN_TOP + TYPE_HEIGHT;
/// 三号.
pub const BODY_SIZE: f32 = 16.0;
/// 22 lines to the type area.
pub const LINE_PITCH: f32 = TYPE_HEIGHT / 22.0;
/// 二号.
pub const TITLE_SIZE: f32 = 22.0;
/// 四号.
pub const SMALL_SIZE: f32 = 14.0;
/// 小四, for tables.
pub const TABLE_SIZE: f32 = 12.0;
/// Where the ideographic em box's baseline sits below its top, as a fraction of the size.
pub const BASELINE_IN_EM: f32 = 0.88;
