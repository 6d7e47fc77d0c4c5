// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

#include "pfnlocation.h"

class QLabel;
class QLineEdit;

namespace gbw {

// "Where is PFN…": takes a pfn (decimal or 0x hex), asks for it (locateRequested: the engine's
// thread answers) and shows where it is: gigablock, pageblock, and what holds the page.
class PfnFinder : public QWidget
{
    Q_OBJECT
public:
    explicit PfnFinder(QWidget* parent = nullptr);

    QLineEdit* input() const
    {
        return m_input;
    }
    QString resultText() const;

public slots:
    void showLocation(const gbw::PfnLocation& location);
    void showError(const QString& text);
    // Look up what the input says (Enter does the same).
    void find();

signals:
    void locateRequested(gbw::Pfn pfn);

private:
    QLineEdit* m_input;
    QLabel* m_result;
};

} // namespace gbw
