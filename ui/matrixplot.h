#pragma once
// One labelled matrix as a heatmap (the gate views): rows × columns of values on a sequential
// or diverging colour scale, the value written in each cell while cells are wide enough to
// read, grey "–" cells where the matrix has no value (a gate that cannot reach an expert), and
// column labels that turn upright once there are many. UI thread only.
#include <functional>
#include <string>
#include <vector>

#include <QString>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemText;
class QLabel;

namespace mtlx::ui {

class MatrixPlot : public QWidget {
    Q_OBJECT
public:
    enum class Scale { Sequential, Diverging };
    MatrixPlot(const QString& title, const QString& scaleLabel, QWidget* parent = nullptr);

    // values[r][c]; reach (empty = all) marks the cells that exist. The colour range is [lo, hi].
    void setMatrix(const std::vector<std::string>& rows, const std::vector<std::string>& cols,
                   const std::vector<std::vector<double>>& values, const std::vector<std::vector<bool>>& reach,
                   double lo, double hi, Scale scale);
    void clear(const QString& message); // no matrix: one line of what would show here
    QCustomPlot* plot() const { return plot_; }
    // The cell under a pixel of plot(), or {-1, -1}.
    std::pair<int, int> cellAt(double x, double y) const;
    // Called with the cell under the mouse (−1, −1 when outside).
    std::function<void(int row, int col)> onHover;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void placeCellTexts();
    QCustomPlot* plot_;
    QString scaleLabel_; // the colour scale's, left out while the panel is narrow
    QCPColorMap* map_;
    QCPColorScale* scale_;
    QLabel* empty_;
    std::vector<QCPItemText*> cellTexts_;
    std::vector<std::vector<double>> values_;
    std::vector<std::vector<bool>> reach_;
    double lo_ = 0, hi_ = 1;
    int rows_ = 0, cols_ = 0;
};

} // namespace mtlx::ui
