"""A user's own data (gdviz.owndata): the picker's choice, the upload, and why data is refused."""

TEXT = {
    "owndata.title": ("Your data", "你的数据"),
    "owndata.story": (
        "Your {n} rows: {y} against {x}, fitted with y = w·x + b.",
        "你的 {n} 行数据：用 y = w·x + b 拟合 {y} 与 {x} 的关系。",
    ),
    "owndata.column": ("column {n}", "第 {n} 列"),
    "owndata.standardised_label": ("{name}, standardised", "{name}（标准化）"),
    "owndata.upload": ("CSV file (comma, semicolon or tab separated)", "CSV 文件（逗号、分号或制表符分隔）"),
    "owndata.upload_help": (
        "UTF-8 or GBK text, with or without a header row; at most {mb} MB. The data stays in this browser "
        "session's memory: it is not saved and no one else sees it.",
        "UTF-8 或 GBK 编码的文本，可以有表头行，最大 {mb} MB。数据只留在本次浏览器会话的内存里：不会保存，别人也看不到。",
    ),
    "owndata.paste": (
        "…or paste numbers (two columns, e.g. copied from a spreadsheet)",
        "……或粘贴数字（两列，例如从电子表格复制）",
    ),
    "owndata.paste_placeholder": ("x, y\n1, 2.1\n2, 3.9\n3, 6.2", "x, y\n1, 2.1\n2, 3.9\n3, 6.2"),
    "owndata.use_paste": ("Use these numbers", "使用这些数字"),
    "owndata.change": ("Upload or paste your data", "上传或粘贴你的数据"),
    "owndata.reading": ("Reading your data…", "正在读取你的数据……"),
    "owndata.x_column": ("x column", "x 列"),
    "owndata.y_column": ("y column", "y 列"),
    "owndata.same_column": ("Choose two different columns for x and y.", "x 和 y 请选择不同的两列。"),
    "owndata.none_yet": (
        "Upload a CSV file or paste two columns of numbers to see the lesson on your data.",
        "上传一个 CSV 文件或粘贴两列数字，就能在你的数据上学习本课。",
    ),
    "owndata.kept_previous": ("The data on screen is still the previous one.", "屏幕上仍是之前的数据。"),
    "owndata.dropped": (
        "{n} rows with an empty or non-numeric cell were left out (lines {lines}).",
        "有 {n} 行含有空格或非数字的单元格，已略去（第 {lines} 行）。",
    ),
    "owndata.sample": (
        "The charts and tables show {drawn} of your {n} rows, drawn at random (seed 0); every MSE, slope, "
        "best line and descent uses all {n} rows.",
        "图表和表格显示从你的 {n} 行中随机抽取（种子 0）的 {drawn} 行；所有 MSE、斜率、最佳直线和下降过程都使用全部 {n} 行。",
    ),
    "owndata.standardise": ("Standardise x", "将 x 标准化"),
    "owndata.standardise_help": (
        "Writes every x as x′ = (x − mean) / sd, so that x is about −2 … 2 and a usual learning rate descends.",
        "把每个 x 写成 x′ = (x − 均值) / 标准差，使 x 大约落在 −2 … 2，常用的学习率就能下降。",
    ),
    "owndata.standardised": (
        "x′ = (x − {mean}) / {sd}: every w, b and η below is on this scale.",
        "x′ = (x − {mean}) / {sd}：下面所有 w、b 和 η 都以此为尺度。",
    ),
    "owndata.limit": (
        "On this data, plain gradient descent diverges for any learning rate above η = {limit} (2 / the largest "
        "curvature of the MSE).",
        "在这组数据上，学习率 η 超过 {limit}（2 除以 MSE 的最大曲率）时，普通梯度下降就会发散。",
    ),
    "owndata.badly_scaled": (
        "x spans up to {big}: descent needs η below {limit} here. Standardising x makes a usual η work.",
        "x 的量级达到 {big}：这里的 η 必须小于 {limit}。将 x 标准化后，常用的学习率就能工作。",
    ),
    "owndata.not_in_link": (
        "Your data has {n} rows, more than the {most} a share link carries: a copied link opens this lesson "
        "without it.",
        "你的数据有 {n} 行，超过分享链接能携带的 {most} 行：复制的链接打开时不含这些数据。",
    ),
    "owndata.empty": ("The file is empty.", "文件是空的。"),
    "owndata.binary": (
        "This is not a text file (it looks like a spreadsheet, an image or UTF-16 text): save it as CSV "
        "(UTF-8) and try again.",
        "这不是文本文件（看起来像电子表格、图片或 UTF-16 文本）：请另存为 CSV（UTF-8）后再试。",
    ),
    "owndata.not_text": (
        "The file cannot be read as UTF-8 or GBK text: save it as CSV (UTF-8) and try again.",
        "无法按 UTF-8 或 GBK 读取这个文件：请另存为 CSV（UTF-8）后再试。",
    ),
    "owndata.one_column": (
        "Only one column was found: give x and y as two columns separated by a comma, a semicolon or a tab.",
        "只找到一列：请把 x 和 y 写成两列，用逗号、分号或制表符分隔。",
    ),
    "owndata.too_many_columns": (
        "The file has {n} columns; at most {most} can be offered as x and y. Keep the columns you need.",
        "文件有 {n} 列，最多只能从 {most} 列中选择 x 和 y。请只保留需要的列。",
    ),
    "owndata.header_only": ("The file has a header but no rows of numbers.", "文件只有表头，没有数字行。"),
    "owndata.too_few_rows": (
        "Only {rows} rows have numbers in every column; a line needs at least 2.",
        "每列都是数字的行只有 {rows} 行；确定一条直线至少需要 2 行。",
    ),
    "owndata.decimal_comma": (
        "Only {rows} rows could be read: numbers such as 1,5 use a decimal comma. Write them with a decimal "
        "point (1.5).",
        "只读出了 {rows} 行：像 1,5 这样的数字用了小数逗号。请改用小数点（1.5）。",
    ),
    "owndata.non_finite": (
        "Line {line}, column {column} is not a finite number (NaN or infinity).",
        "第 {line} 行第 {column} 列不是有限的数（NaN 或无穷大）。",
    ),
    "owndata.too_large": (
        "Line {line}, column {column} is larger than 1e150 in size: its square would not be a number.",
        "第 {line} 行第 {column} 列的绝对值超过 1e150：它的平方将不再是一个数。",
    ),
    "owndata.same_x": (
        "Every x is {value}: the points lie on one vertical line, so no line y = w·x + b is determined.",
        "所有 x 都等于 {value}：这些点在一条竖线上，无法确定直线 y = w·x + b。",
    ),
    "owndata.too_big_file": (
        "The file is {size} MB; at most {most} MB can be uploaded.",
        "文件大小为 {size} MB，最多只能上传 {most} MB。",
    ),
}
