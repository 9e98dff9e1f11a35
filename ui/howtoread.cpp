#include "ui/howtoread.h"

#include <QScrollArea>
#include <QTextBrowser>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/accessibility.h"

namespace mtlx::ui {

const std::vector<ViewHelp>& viewHelp()
{
    static const std::vector<ViewHelp> help = {
        {"loss", QObject::tr("Loss curves"),
         QObject::tr("<b>x</b>: epochs (fractions within an epoch for the batch curves); <b>y</b>: each task's loss "
                     "(log scale by default). Thin lines are the batch losses, smoothed by the slider; thick "
                     "lines with markers are the losses evaluated after each epoch: train (solid), validation "
                     "(dash-dot) and test (dashed). Grey dashes are the small heads' own loss, kept apart from the "
                     "task's. <b>Good</b>: validation follows train down. <b>Bad</b>: validation turns up while "
                     "train keeps falling (overfitting), or one task's curve stalls while the other falls (the "
                     "tasks compete for the shared layers). Ticked runs of the Runs panel add their validation "
                     "curves in the colour of their swatch there (one line style per task).")},
        {"conflict", QObject::tr("Gradient conflict"),
         QObject::tr("<b>x</b>: epochs; <b>y</b>: the cosine between two tasks' gradients on the parameters they "
                     "share (experts, the shared bottom), averaged over the steps sampled in the epoch. "
                     "<b>Near 1</b>: the tasks pull the shared layers the same way (they help each other). "
                     "<b>Near 0</b>: they ignore each other. <b>Below 0</b>: they conflict, and a plain sum of "
                     "the gradients partly cancels: this is what PCGrad (Yu et al. 2020) projects away and what "
                     "gated models (MMoE, PLE, AdaTT) try to route around. 'per level' splits a multi-level "
                     "model's cosine by level. 'share of steps in conflict' shows instead, per epoch, the share "
                     "of the sampled steps whose cosine was below 0 (the dotted line at one half is what "
                     "gradients of random sign would give): a mean near 0 can hide many conflicting steps. "
                     "'applied update' adds, per task, the cosine of the update the weighting method actually "
                     "applied to the shared parameters with that task's gradient (dash-dotted): a gradient method "
                     "such as PCGrad, CAGrad or Nash-MTL shows there which task its update favours. "
                     "Compare runs by ticking them, e.g. the same model with linear "
                     "weighting and with PCGrad.")},
        {"gates", QObject::tr("Gate weights"),
         QObject::tr("Rows are gates (one per task, or per next-level expert), columns are experts; a cell is "
                     "the softmax weight the gate gives the expert, averaged over the test examples (0 white … 1 "
                     "dark). <b>Specialised</b>: each task's row puts its weight on different experts (what MMoE "
                     "learns for unrelated tasks). <b>Shared</b>: all rows alike (related tasks). A row spread "
                     "evenly means the gate has not chosen. Grey '–' cells cannot be reached (PLE). AdaTT's "
                     "NativeExpertLF weights are a separate matrix with their own diverging scale. The AdaTT "
                     "paper's Fig. 3 shows these matrices for tasks of different correlation.")},
        {"activations", QObject::tr("Activations"),
         QObject::tr("Histograms of the probed shared layer on the test set: left, per example the fraction of "
                     "units that are nonzero (after ReLU); right, the nonzero values. Counts are fractions so that "
                     "runs compare. This is Fig. 7 of 'Can Small Heads Help?': with small heads the shared layer "
                     "has <b>more active units per example</b> (the left histogram moves right) and a <b>longer "
                     "tail</b> of large values (the right one reaches further). The reference (grey) is the "
                     "previous run or a result.json you load.")},
        {"pareto", QObject::tr("Pareto frontier"),
         QObject::tr("Each point is one run of a task-weight sweep: <b>x</b> and <b>y</b> are two tasks' test "
                     "metrics (lower is better for losses and errors, higher for AUC and accuracy, as the axis "
                     "says). The line joins the non-dominated points (with several seeds: the seed means at each "
                     "task weight): nothing else is better on both tasks. A "
                     "frontier <b>closer to the ideal corner</b> is a better model for every trade-off; the "
                     "hypervolume in the legend measures that area. The view zooms to runs that train every task "
                     "(weights > 0); the weight-0 extremes are outside it. Runs ticked in the Runs panel "
                     "appear too, one configuration per model. A preference-conditioned run (one model) draws its "
                     "whole front, and the slider under the view evaluates it at the preference r you drag to "
                     "(the marked point). With the cosine penalty (λ > 0) the model is pulled to a loss vector "
                     "parallel to r, so a larger r₁ can mean a larger loss for task 1: read the point, not the "
                     "slider's direction. Fig. 1 of 'Can Small Heads Help?'.")},
        {"diagram", QObject::tr("Architecture"),
         QObject::tr("The model as specified: inputs at the bottom, experts or shared layers in the middle, a "
                     "tower per task on top; arrows are gates. Counts are trainable parameters for training and "
                     "for serving (small heads are dropped at serving time).")},
        {"runs", QObject::tr("Runs"),
         QObject::tr("Every run you have: trained in this session, autosaved earlier, or opened. Tick runs to "
                     "overlay their curves; select one to see its gates and histograms (and scrub its epochs "
                     "with the slider). Test metrics are each task's headline metric.")},
        {"comparison", QObject::tr("Comparison"),
         QObject::tr("Architectures trained on the same data with the same seeds: each cell is the mean ± "
                     "standard deviation over seeds of a task's test metric; the best mean per column is bold. "
                     "With one seed there is no spread: do not read small differences as an ordering. Below, "
                     "each model's gate matrix of its first seed, side by side.")},
    };
    return help;
}

QString howToRead(const QString& key)
{
    for (const auto& h : viewHelp())
        if (h.key == key) return h.text;
    return {};
}

HelpedView::HelpedView(QWidget* view, const QString& key, QWidget* parent)
    : QWidget(parent), view_(view), toggle_(new QToolButton(this)), text_(new QTextBrowser(this))
{
    setObjectName(key + "Helped");
    // What a screen reader says of the view: its title and how to read it.
    for (const auto& h : viewHelp())
        if (h.key == key) {
            view->setAccessibleName(h.title);
            view->setAccessibleDescription(plainText(h.text));
        }
    toggle_->setObjectName("howToRead");
    toggle_->setText(tr("How to read this"));
    toggle_->setCheckable(true);
    toggle_->setArrowType(Qt::RightArrow);
    toggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toggle_->setAutoRaise(true);
    toggle_->setIconSize(QSize(8, 8));
    QFont small = toggle_->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    toggle_->setFont(small);
    toggle_->setMaximumHeight(18);
    // A text that scrolls when the view is short, never one cut mid-line.
    text_->setHtml(howToRead(key));
    text_->setObjectName("howToReadText");
    text_->setVisible(false);
    text_->setFrameShape(QFrame::NoFrame);
    text_->setMaximumHeight(150);
    text_->setStyleSheet("QTextBrowser { background: palette(alternate-base); }");
    connect(toggle_, &QToolButton::toggled, this, &HelpedView::setHelpShown);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toggle_, 0, Qt::AlignRight);
    layout->addWidget(text_);
    // The view scrolls rather than forcing the window larger than a small screen (1280 × 720).
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(view_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumSize(120, 60);
    layout->addWidget(scroll, 1);
}

bool HelpedView::helpShown() const
{
    return text_->isVisibleTo(this);
}

void HelpedView::setHelpShown(bool on)
{
    text_->setVisible(on);
    toggle_->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    if (toggle_->isChecked() != on) toggle_->setChecked(on);
}

} // namespace mtlx::ui
