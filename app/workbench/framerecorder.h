// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QWidget;

namespace gbw {

// --record DIR: what the window shows, kFramesPerSecond times a wall-clock second, as
// DIR/frame-00001.png, … and, when ffmpeg is on PATH, DIR/presentation.mp4 made from them at the
// end, so a talk carries a video fallback that plays at the speed the demo ran.
class FrameRecorder : public QObject
{
    Q_OBJECT
public:
    static constexpr int kFramesPerSecond = 5;
    static constexpr const char* kVideoName = "presentation.mp4";

    explicit FrameRecorder(QWidget* window, QObject* parent = nullptr);

    // Create the directory and start capturing; empty on success, else why not.
    QString start(const QString& directory);
    // Stop capturing and, with ffmpeg, encode the video. Returns what happened, for the terminal.
    QString finish();
    int frames() const
    {
        return m_frames;
    }
    QString error() const
    {
        return m_error;
    }
    // The ffmpeg command line finish() runs (without the program), for the message and the docs.
    QStringList ffmpegArguments() const;

private:
    void capture();

    QWidget* m_window;
    QTimer m_timer;
    QString m_directory;
    int m_frames = 0;
    QString m_error;
};

} // namespace gbw
