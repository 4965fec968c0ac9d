#pragma once

#include <QEvent>
#include <QHeaderView>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTableView>

#include <algorithm>

namespace framescope {

// Keeps the stretched last column of a table readable when the view gets narrow (a
// 1280x720 screen squeezed the frame log's Preview to a few pixels): on every resize of
// the viewport, the `shrinkable` columns give up width (the one with the most room first,
// never below its given minimum nor its label) until the last column has `minLast`
// pixels. Widths are only taken, never
// given back: a wider window keeps what the user or the saved state chose.
class LastColumnKeeper final : public QObject
{
public:
    // column → the narrowest it may get
    using Limits = QList<QPair<int, int>>;
    LastColumnKeeper(QTableView *view, int minLast, Limits shrinkable)
        : QObject(view), m_view(view), m_minLast(minLast), m_shrinkable(std::move(shrinkable))
    {
        m_viewport = view->viewport();
        m_viewport->installEventFilter(this);
    }
    // A first start without saved columns: these columns are hidden, in this order, when
    // the last one lacks room even after shrinking, be it at the first layout or when the
    // window is made smaller later (a 1280x720 window on a larger screen). Each at most
    // once: the header's context menu shows them again for good.
    void hideAtFirstFit(QList<int> columns) { m_hideable = std::move(columns); }

    void fit()
    {
        QHeaderView *h = m_view->horizontalHeader();
        const int last = h->count() - 1;
        if (last < 0 || h->isSectionHidden(last))
            return;
        int others = 0;
        for (int i = 0; i < last; ++i)
            others += h->isSectionHidden(i) ? 0 : h->sectionSize(i);
        int deficit = m_minLast - (m_view->viewport()->width() - others);
        while (deficit > 0) {
            // The column with the most room above its label's width gives 8 px at a time.
            int best = -1, bestRoom = 0;
            for (const auto &[i, min] : std::as_const(m_shrinkable)) {
                if (h->isSectionHidden(i))
                    continue;
                const int room = h->sectionSize(i) - std::max(min, h->sectionSizeHint(i));
                if (room > bestRoom) {
                    best = i;
                    bestRoom = room;
                }
            }
            if (best < 0 && !m_hideable.isEmpty()) {
                const int column = m_hideable.takeFirst();
                if (!h->isSectionHidden(column)) {
                    deficit -= h->sectionSize(column);
                    h->hideSection(column);
                }
                continue;
            }
            if (best < 0)
                return; // nothing left to take: the view scrolls
            const int take = std::min({8, bestRoom, deficit});
            h->resizeSection(best, h->sectionSize(best) - take);
            deficit -= take;
        }
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched != m_viewport || event->type() != QEvent::Resize)
            return false;
        // The viewport still gets events while the view is being destroyed, when it is no
        // longer a QTableView (UBSan: member call on the wrong type): leave it alone then.
        const auto *view = qobject_cast<const QTableView *>(parent());
        if (view && view->isVisible()) {
            fit();
        }
        return false;
    }

private:
    QTableView *m_view;
    QWidget *m_viewport;
    int m_minLast;
    Limits m_shrinkable;
    QList<int> m_hideable;
};

} // namespace framescope
