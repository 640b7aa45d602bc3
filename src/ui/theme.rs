//! The look: light or dark, text sizes that suit Chinese (which needs a little more
//! than Latin to stay legible), and calm spacing.

use egui::{FontFamily, FontId, TextStyle, Theme, ThemePreference};

/// Applies the theme and the text sizes to every style of the context.
pub fn apply(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark {
        ThemePreference::Dark
    } else {
        ThemePreference::Light
    });
    ctx.all_styles_mut(|style| {
        let sizes = [
            (TextStyle::Heading, 19.0, FontFamily::Proportional),
            (TextStyle::Body, 14.5, FontFamily::Proportional),
            (TextStyle::Button, 14.5, FontFamily::Proportional),
            (TextStyle::Small, 12.0, FontFamily::Proportional),
            (TextStyle::Monospace, 13.5, FontFamily::Monospace),
        ];
        for (text_style, size, family) in sizes {
            style
                .text_styles
                .insert(text_style, FontId::new(size, family));
        }
        style.spacing.item_spacing = egui::vec2(8.0, 5.0);
        style.spacing.button_padding = egui::vec2(8.0, 3.0);
        style.spacing.interact_size.y = 22.0;
        // Labels are for reading here; clicks on them belong to the rows they sit in.
        style.interaction.selectable_labels = false;
    });
    ctx.style_mut_of(Theme::Light, |style| {
        style.visuals.panel_fill = egui::Color32::from_rgb(248, 248, 246);
        style.visuals.faint_bg_color = egui::Color32::from_rgb(240, 241, 238);
        style.visuals.extreme_bg_color = egui::Color32::WHITE;
    });
}
