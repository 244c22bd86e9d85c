# 填报表（form）和导入（import）：填报员在终端上读到的提示。


## 终端上的提示（填报表本身的文字是中文，不在这里，见 src/form/messages.rs）

form-place-sheet =  表“{ $sheet }”
form-place-sheet-field =  表“{ $sheet }”（{ $field }）
form-place-cell =  表“{ $sheet }”!{ $cell }
form-place-cell-field =  表“{ $sheet }”!{ $cell }（{ $field }）
form-hint-line = {"  "}处理：{ $hint }
form-error-option = 错误：{ $option }: { $message }
form-written = 已生成填报表：{ $path }
form-imported = 已导入：{ $path }
form-unchanged = 内容相同，未改动：{ $path }
form-replaced = 已替换：{ $path }（原文件 SHA-256: { $sha256 }）
form-dry-run-ok = 检查通过（--dry-run，未写入）：{ $path }
form-summary = 共发现 { $problems } 个问题（{ $files } 个文件）；没有写入任何文件

## 生成填报表（form）

form-bad-period-argument = “{ $text }”不是报告期：应为年（2023）、季度（2023-Q4）或月（2023-11）
form-cannot-make = 无法生成填报表：{ $error }
form-exists = { $path } 已存在，可能是已填写的填报表，未覆盖
form-exists-hint = 请用 --output 指定另一个文件名，或先移走原文件
form-cannot-write = 无法写入 { $path }：{ $error }
form-cannot-write-hint = 请检查目录是否存在、是否有写入权限

## 导入（import）时发现的问题

form-fix-regenerate = 不要增删行、改动灰色单元格或改工作表名；请用 sw-briefing form 重新生成填报表，再把数字填进去
form-empty-file = 文件是空的（0 字节）
form-empty-file-hint = 请选择已填好并保存的填报表
form-not-a-workbook = 不是 Excel、WPS 或 LibreOffice 工作簿，无法读取（{ $detail }）
form-not-a-workbook-hint = 请导入由 sw-briefing form 生成、填好后保存为 .xlsx、.xls 或 .ods 的文件
form-password = 文件设置了打开密码，无法读取
form-password-hint = 请在 Excel/WPS 中打开，取消“用密码进行加密”后另存，再导入
form-too-large = 文件有 { $size } 字节，超过上限 { $max } 字节，不像是填报表
form-too-large-hint = 请检查是否选错了文件
form-cannot-read = 无法读取文件：{ $error }
form-cannot-read-hint = 请检查路径是否正确、是否有读取权限
form-missing-sheet = 找不到工作表“{ $name }”（现有工作表：{ $present }）
form-missing-sheet-hint = 工作表可能被改名或删除：请把它改回原名，或重新生成填报表
form-unreadable-sheet = 工作表“{ $name }”无法读取：{ $error }
form-moved = 这里应是“{ $expected }”，现在是“{ $found }”：表格的行或列被删除、插入或移动过，无法确定各数字属于哪个指标
form-moved-blank = 这里应是“{ $expected }”，现在是空白：表格的行或列被删除、插入或移动过，无法确定各数字属于哪个指标
form-merged = 这些格子被合并了：合并后只有左上角的值保留，其余格子的内容会丢失
form-merged-hint = 请取消合并（开始 → 合并居中 → 取消合并单元格），每个格子各填一个值
form-formula-without-value = 单元格含公式“={ $formula }”，但文件里没有保存计算结果
form-formula-without-value-hint = 请在 Excel/WPS 中打开后保存一次（会保存计算结果），或直接填写数字
form-formula-error = 单元格的公式出错（{ $error }）
form-formula-error-hint = 请改正公式，或直接填写数字
form-full-width = “{ $text }”含全角数字，不是数值
form-full-width-hint = 请用半角数字填写：{ $half }
form-not-a-number = “{ $text }”是文字，不是数字
form-not-a-number-hint = 只填阿拉伯数字，如 1705；“1150余万元”填 11500000，修饰选“余”
form-separators = “{ $text }”含千位分隔符或单位，不是数值
form-separators-hint = 请只填数字：{ $plain }
form-negative = 填的是 { $value }，数量和金额不能为负
form-negative-hint = 没有可填 0，不知道就留空
form-not-whole = 填的是 { $value }，应为整数
form-not-whole-hint = 人数、个数和以元为单位的金额都是整数；金额请换算成元
form-percent-range = 填的是 { $value }，比例应在 0 到 100 之间
form-percent-range-hint = 不写 % 号，50% 填 50
form-kind-date = 日期
form-kind-logical = 逻辑值
form-kind-number = 数字
form-separators-over = { $value }，修饰选“余”
form-wrong-kind = 填的是{ $found }，这里应填{ $expected }
form-wrong-kind-hint = 请填{ $expected }
form-bad-qualifier = 修饰“{ $text }”无法识别
form-bad-qualifier-hint = “余”表示多于（1150余万元），“约”表示大约；数字精确时留空
form-qualifier-without-value = 填了修饰却没有填数字
form-qualifier-without-value-hint = 请在左边一格填数字，或删去修饰
form-bad-choice = “{ $text }”不是可选的值
form-bad-choice-hint = 请从下拉列表中选择：{ $choices }
form-bad-date = “{ $text }”不是日期
form-bad-date-hint = 请按 2023-12-31 的格式填写日期
form-bad-code = “{ $text }”不是六位行政区划代码
form-bad-code-hint = 请填六位数字，如 430000
form-bad-period = 报告期“{ $text }”无法识别
form-required-missing = 必填项没有填写
form-required-missing-hint = 请填写这一格
form-row-required-missing = 这一行填了内容，但“{ $column }”没有填写
form-row-required-missing-hint = 请填写“{ $column }”，或清空整行
form-rank-incomplete = 排名的名次、排名依据、排名范围要同时填写
form-rank-incomplete-hint = 请补全三项，或三项都留空
form-region-renamed = 地区 { $code } 在这里叫“{ $here }”，已存档的 { $file } 里叫“{ $on_file }”
form-region-renamed-hint = 一个代码只对应一个地区：请改正地区名称
form-exists-different = { $path } 已存在，且内容与本表不同
form-exists-different-hint = 确认要用本表替换时，加 --replace 再导入（原文件的 SHA-256 会记入日志）
form-same-target = 与 { $other } 是同一地区同一报告期，都要写入 { $path }
form-same-target-hint = 每个地区每个报告期只导入一张表

## 数据校验规则（metrics 加载器发现的问题）

form-rule-passes = 通过人数多于报考人数
form-rule-channels = 各渠道金额之和不等于经费投入总额
form-rule-built = 已建数多于应建数
form-rule-stations-built = 已建站多于应建站
form-rule-level = 目标的“对应层级”不在“站点层级”表中，名称须完全一致
form-rule-deadline = 设定日期晚于截止日期
form-rule-parent = 上级行政区划代码不包含本地区的代码（上级代码是本地区代码后两位或后四位改为0）
form-rule-code = 行政区划代码应为六位数字
form-rule-place = 地区名称不是地名（不能为空，不能含斜杠）
form-rule-rank = 名次应为 1 或更大
form-rule-share = 比例应在 0 到 100 之间
form-rule-negative = 数量和金额不能为负
form-rule-whole = 应为整数
form-rule-other = 数据校验未通过：{ $message }
form-rule-hint = 请核对这一格和与它相关的数字（如通过人数与报考人数、已建与应建、各渠道与总额）
