// The Studio's application icon: installers/icons/dbopt-studio.svg (the same file the installer
// puts in share/icons/hicolor/scalable/apps), compiled into the Qt resources as
// ":/icons/dbopt-studio.svg" and rendered with Qt SVG, so the window icon needs no image-format
// plugin at run time.
#pragma once

#include <QIcon>

namespace dbopt::studio {

/// Resource path of the SVG icon.
inline constexpr const char* kAppIconResource = ":/icons/dbopt-studio.svg";

/// The icon rendered at 16, 24, 32, 48, 64, 128 and 256 px (QSvgRenderer). A null QIcon when
/// the resource is missing or not valid SVG.
QIcon appIcon();

}  // namespace dbopt::studio
