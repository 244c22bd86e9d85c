# 关于输入文件的提示信息：配置文件、指标文件和措辞模板（YAML）、字体，
# 以及由它们生成简报（--now、check）时的错误。
# 每条信息的编号必须在 en/input.ftl 中也有，变量相同（tests/i18n.rs 检查）。

## 读取 YAML 文件

yaml-too-large = 文件超过 { $bytes } 字节；最多只接受 { $bytes } 字节
yaml-too-large-help = 指标文件和配置文件通常只有几 KB；请确认是不是选错了文件
yaml-not-regular = 这是{ $kind }，不是普通文件
yaml-not-regular-help = 把路径（或链接）指向普通文件；程序不读取管道、设备或套接字
yaml-unreadable = 无法读取文件：{ $error }
yaml-unreadable-help = 检查路径是否存在，以及当前用户有没有读取权限
yaml-larger-than-expected = 文件超出了预期的大小
file-kind-folder = 文件夹
file-kind-fifo = 命名管道（FIFO）
file-kind-device = 设备
file-kind-socket = 套接字
file-kind-link = 链接
file-kind-regular = 普通文件
file-kind-other = 非普通文件
yaml-not-utf8 = 文件不是 UTF-8 编码的文本
yaml-not-utf8-gbk-help = 文件看来是 GBK/GB 2312 编码（Windows 中文版的默认编码）；请另存为 UTF-8，如在记事本中选“另存为 → 编码 UTF-8”，或运行 `iconv -f GBK -t UTF-8 old.yaml > new.yaml`
yaml-not-utf8-help = 用 UTF-8 编码重新保存文件
yaml-empty = 文件是空的
yaml-empty-help = 参照 README.md 中的示例填写
yaml-tab = 这一行用制表符（Tab）缩进；YAML 只允许用空格
yaml-tab-help = 把制表符换成空格（每级两个）

## 解析器报告的错误

yaml-unknown-field = 不认识的字段“{ $field }”；可用的字段：{ $expected }
yaml-missing-field = 缺少字段“{ $field }”
yaml-invalid-type = 类型不对：这里是{ $found }，应为{ $expected }
yaml-invalid-value = 值不对：这里是{ $found }，应为{ $expected }
yaml-invalid-length = 项数不对：这里有 { $len } 项，应为{ $expected }
yaml-unknown-variant = 不认识的值“{ $variant }”；可用的值：{ $expected }
yaml-duplicate-key = 键“{ $key }”重复出现
yaml-duplicate-key-unnamed = 同一映射中有重复的键
yaml-eof = 文件意外结束
yaml-expected-here = 这里应为{ $what }
yaml-word-scalar = 单个值（文字或数字）
yaml-other = YAML 内容有误：“{ $detail }”
yaml-found-boolean = 布尔值 { $value }
yaml-found-integer = 整数 { $value }
yaml-found-float = 小数 { $value }
yaml-found-character = 字符 { $value }
yaml-found-string = 文字 { $value }
yaml-word-string = 文字
yaml-word-boolean = 布尔值（true 或 false）
yaml-word-sequence = 列表
yaml-word-map = 映射（“键: 值”的若干行）
yaml-word-null = 空值
yaml-word-unsigned = 不为负数的整数
yaml-word-integer = 整数
yaml-word-number = 数字
yaml-hint-did-you-mean = 是否要写“{ $field }”？字段一览见 docs/metrics-format.md（配置文件见 README.md）
yaml-hint-unknown-field = 对照 docs/metrics-format.md 中的字段一览（配置文件见 README.md）检查拼写
yaml-hint-unknown-variant = 改用上面列出的某个值
yaml-hint-duplicate = 同一映射中每个键只能出现一次；删去或合并重复的那个
yaml-hint-period = 把期间写在引号中："2023"、"2023-Q4" 或 "2023-11"
yaml-hint-number = 只写阿拉伯数字，如 1705；金额以元为单位
yaml-hint-whole-number = 只写数字，不要用 0x、0o、0b、_ 或指数
yaml-hint-figure = 数字只写阿拉伯数字，如 {"{"}value: 1705, qualifier: over{"}"}
yaml-hint-non-finite = 数字只写阿拉伯数字，如 1705；.inf 和 .nan 不是数字
yaml-hint-date-exists = 改正日或月；日期写成 YYYY-MM-DD
yaml-hint-date = 日期写成 YYYY-MM-DD，如 2023-12-31
yaml-hint-missing-field = 补上这个字段；哪些字段必填见 docs/metrics-format.md
yaml-hint-other = 对照 docs/metrics-format.md 中的示例检查此处；含有 : # [ ] {"{"} {"}"} 的文字要加引号，每个括号和引号都要配对

## 配置文件

config-not-decimal = “{ $text }”不是十进制整数；请只用数字书写，如 60
config-too-large = “{ $text }”太大；允许的范围见 README.md
config-timezone = “{ $name }”不是时区名称
config-timezone-help = 使用 IANA 时区名称，如 Asia/Shanghai（不写这一行时即为此默认值）
config-empty = “{ $key }”是空的
config-empty-help = 写上要印在版头的名称
config-series-long = “series”长 { $length } 个字符；最多接受 { $most } 个
config-series-long-help = 写版头上印的简报名称，如 社会工作简报；它是每个存档文件名的一部分
config-retention = “retention”为“{ $value }”，不是 GB/T 18894 规定的保管期限
config-retention-help = 写 永久、定期30年 或 定期10年（不写这一行时为 永久）
config-fonts-none = fonts.{ $role } 中没有列出字体
config-fonts-none-help = 为这一用途至少写一个字体文件
config-font-path-help = 写字体文件的路径，可在后面加 #N 选用 .ttc 字体集中的第 N 个字体
config-font-index = “{ $written }”：# 后面的字体序号必须是整数
config-font-path-empty = 有一个字体路径是空的
config-region-code = “{ $code }”不是行政区划代码
config-region-code-help = 写六位 GB/T 2260 代码，并加引号，如 "430300"
config-region-twice = 地区 { $code } 列出了两次
config-region-twice-help = 每个地区只保留一项
config-regions-none = “regions”中没有列出任何地区
config-regions-none-help = 加上每个要出简报的地区的行政区划代码
config-schedule-never = 计划“{ $schedule }”：cron 表达式“{ $cron }”{ $reason }
config-schedule-never-help = 检查日和月两个字段（2 月 30 日、31 日永远不会到来；同时写了日和星期时，两者都要符合），如 "0 8 1 * *" 表示每月 1 日 08:00
config-schedule-region = 计划“{ $schedule }”指定了地区 { $code }，但“regions”中没有这个地区
config-schedule-region-help = 把该地区加入“regions”，或从这个计划中去掉
config-schedule-invalid = 计划“{ $schedule }”：cron 表达式“{ $cron }”无效：{ $reason }
config-schedule-invalid-help = 写 5 个字段（分 时 日 月 星期），或把秒放在最前写 6 个字段，并加引号，如 "0 8 1 * *"
config-cron-far = 第一次运行在 { $date }，距今超过 { $years } 年
config-cron-never = 永远不会运行：没有符合它的日期
config-cron-fields = 它有 { $count } 个字段；应为 5 个，或秒在最前的 6 个
config-cron-library = 解析程序的说明为“{ $detail }”
config-range = “{ $key }”为 { $value } { $unit }；必须在 { $least } 到 { $most } 之间
config-range-help = 写 { $least } 到 { $most } 之间的{ $unit }数，或不写这一行以使用默认值（{ $default }）
unit-days = 天
unit-minutes = 分钟
unit-seconds = 秒
config-copies = “copies”为 { $copies }；必须在 1 到 { $most } 之间
config-copies-help = 写印制份数，或不写这一行
config-dir-not-folder = “{ $key }”为 { $dir }，它是{ $kind }，不是文件夹
config-dir-not-folder-help = 把“{ $key }”指向一个文件夹（不存在时会自动建立），或把这个文件移走
config-dirs-same = “archive_dir”（{ $archive }）与“metrics_dir”（{ $metrics }）是同一个文件夹；两者必须分开
config-dirs-inside = “archive_dir”（{ $archive }）位于“metrics_dir”（{ $metrics }）之内；两者必须分开
config-dirs-holds = “archive_dir”（{ $archive }）包含了“metrics_dir”（{ $metrics }）；两者必须分开
config-dirs-help = 档案中保存着指标文件的副本，下次运行会把它们当作重复的指标读入：请把两个文件夹并列放置，如 `metrics_dir: ../metrics` 和 `archive_dir: ../reports`

## 字体

font-unreadable = { $path }：无法读取字体文件：{ $error }
font-unreadable-help = 检查配置文件中的“fonts”；随附的字体在 fonts/ 中（可用 scripts/make-fonts.sh 重新生成）
font-unusable = { $path }：不是可用的字体（第 { $index } 个字体）：{ $reason }
font-unusable-help = 文件可能不完整，或不是 TrueType/OpenType 字体；从代码库中恢复它，或用 scripts/make-fonts.sh 重新生成
font-changed-while-read = 读取期间文件发生了变化；请等安装完成后再试
font-parser-said = 字体解析程序的说明为“{ $detail }”
font-no-cmap = 字体中没有字符映射表（cmap）
font-missing-glyph = { $origin }：字符“{ $char }”（U+{ $code }）在配置的{ $role }字体中都没有
font-missing-glyph-help = 把它换成常用字符，或在配置文件的“fonts.fallbacks”中加上含有该字符的字体
font-role-title = 标题
font-role-body = 正文
font-role-heading = 黑体小标题
font-role-kai = 楷体

## 系统错误

io-not-found = 文件或文件夹不存在
io-permission-denied = 没有访问权限
io-is-a-folder = 这是一个文件夹
io-disk-full = 磁盘空间已满
io-other = 系统报告“{ $detail }”

## 生成简报（--now）

run-internal = 生成简报时发生意外错误：{ $error }
run-internal-help = 这是 sw-briefing 的缺陷；这个地区没有存档任何内容，其他地区已正常生成；请连同日志一起报告
run-no-data = 地区 { $code } 没有指标文件
run-no-data-period = 地区 { $code } 没有 { $period } 期间的指标文件
run-no-data-help = 在 { $dir } 下为它添加指标文件
run-no-data-period-help = 在 { $dir } 下该地区的文件夹中添加 { $period }.yaml，或用 --period 选择其他期间
run-period-future = 期间 { $period } 尚未开始（今天是 { $today }）
run-period-future-help = 检查“period”的年份和月份，以及文件名
preview-inside-archive = 预览会写进档案文件夹（{ $archive }）
preview-inside-archive-help = 把预览写到别处，如在工作目录中用 --output preview.pdf；档案中只存放已印发的简报
preview-not-a-folder = { $dir } 不是文件夹
preview-not-a-folder-help = 指定一个已有文件夹中的文件
preview-folder-unusable = 文件夹 { $dir } 无法使用：{ $error }
preview-folder-unusable-help = 先建立该文件夹，或指定一个已有文件夹中的文件
preview-not-a-file = 这是{ $kind }；预览只能替换普通文件
preview-not-a-file-help = 指定一个 PDF 文件，如 --output preview.pdf
preview-create-failed = 无法为预览建立临时文件：{ $error }
preview-write-failed = 写入预览失败：{ $error }
preview-replace-failed = 替换预览文件失败：{ $error }
preview-help-permission = 当前用户不能在该文件夹中写入：请换一个 --output
preview-help-disk-full = 磁盘已满：请腾出空间，或换一个 --output
preview-help-name-too-long = 文件名太长：请用短一些的 --output
preview-help-other = 在当前用户可写的文件夹中另选 --output；那里原有的预览保持不变

## 读入指标文件

load-metrics-dir = 无法读取指标文件夹：{ $error }
load-metrics-dir-help = 检查配置文件中的“metrics_dir”，以及该文件夹是否存在
load-wrong-folder = region.code 为 { $code }，但文件放在地区 { $folder } 的文件夹中
load-wrong-folder-help = 把文件移到它所属地区的文件夹，或改正代码
load-name-differs = 地区 { $code } 在这里名为 { $name }，在 { $file } 中却名为 { $first }
load-name-differs-help = 一个代码只对应一个地区：改正名称或代码；地区更名后，它的每个指标文件都要写新名称（档案文件夹和期号照常延续）
load-period-twice = 地区 { $code } 的 { $period } 期间已有指标文件 { $file }
load-period-twice-help = 每个地区每个期间只保留一个文件；删去或合并另一个
batch-filing-stopped = 存档已中止：有一个文件包未能记入台账（见上文）；本次运行还有 { $count } 份简报没有生成
batch-filing-stopped-help = 先使台账恢复可写，运行 `sw-briefing record` 为已就位的文件包补记台账，然后重新运行
batch-filing-stopped-group = 存档已中止：有一组文件包未能写入磁盘或移入档案（见上文）；本次运行还有 { $count } 份简报没有生成
batch-filing-stopped-group-help = 先排除上文所说的原因（磁盘、文件系统、权限），再重新运行：未归档的简报届时会生成
batch-panic-no-message = 没有说明

## 检查指标文件

metrics-rank = certification.rank.rank 必须不小于 1
metrics-rank-help = 1 表示第一名
metrics-passes = certification.passes 为 { $passes }，多于报考人数 { $registrants }
metrics-passes-help = 通过人数不能多于报考人数；请核对这两个数字
metrics-share = certification.certified_share_percent 为 { $value }；比例应在 0 到 100 之间
metrics-share-help = 百分比只写数字，不带 %，如 50% 写 50
metrics-funding-sum = funding.total_yuan 为 { $total }，但各渠道金额合计为 { $sum }
metrics-funding-sum-help = 使各渠道金额之和等于总额，或把总额标为约数
metrics-level-built = stations.levels[{ $index }]（{ $level }）：已建 { $built } 个，多于总数 { $total }
metrics-subregion-built = subregions[{ $index }]（{ $name }）：已建站点 { $built } 个，多于总数 { $total }
metrics-built-help = 已建数不能多于总数；请核对这两个数字
metrics-target-level = stations.targets[{ $index }] 统计的层级“{ $level }”在 stations.levels 中没有列出
metrics-target-level-help = 使用 stations.levels 中完全相同的层级名称
metrics-target-set-on = stations.targets[{ $index }]：set_on 日期 { $set_on } 晚于截止日期 { $deadline }
metrics-record-highs = certification.record_highs 中列有“{ $name }”
metrics-record-highs-help = 只能列 registrants 和（或）passes
metrics-region-code = region.code“{ $code }”不是六位 GB/T 2260 代码
metrics-region-code-help = 加上引号书写，如 "430300"
metrics-parent-code = region.parent_code“{ $parent }”不是包含 { $code } 的上级地区
metrics-parent-code-help = 上级地区的 GB/T 2260 代码是本地区代码末两位或末四位改为 0，如 430300 的上级为 430000；请加引号
metrics-name-invisible = region.name“{ $name }”中含有不可见字符 U+{ $code }（{ $kind }）
metrics-name-invisible-help = 手工重新输入名称；这类字符随从网页或聊天软件粘贴的文字而来，印出来什么也没有，或会使文字倒序
invisible-bidi = 双向文字控制符
invisible-zero-width = 零宽字符
invisible-control = 控制字符
invisible-format = 格式字符
metrics-name-long = region.name 长 { $length } 个字符；最多接受 { $most } 个
metrics-name-long-help = 按印刷的样子写地区名称，如 湘潭市；名称是档案文件夹名的一部分
metrics-name-not-place = region.name“{ $name }”不是地名
metrics-name-not-place-help = 按印刷的样子写名称，如 湘潭市，不要带斜杠
metrics-file-name = 文件中写的期间是 { $period }，文件名却是 { $name }
metrics-file-name-help = 把文件命名为 { $period }.yaml，或改正期间
metrics-figure-spelling = { $label } 的写法有误：{ $reason }
metrics-figure-spelling-help = 数字只写阿拉伯数字，如 1705；约数写 {"{"}value: 1705, qualifier: about{"}"}
metrics-too-large = { $label } 为 { $value }，超过了这一项可能的最大值（{ $most }）
metrics-too-large-help = 检查数字是否多写了位数或用错了单位（各项分别以人、元、小时或天计，见字段名）
metrics-negative = { $label } 为 { $value }；人数或金额不能为负数
metrics-negative-help = 写 0，或没有可报告的内容时不写这一项
metrics-name-empty = { $field } 是空的
metrics-name-empty-help = 写上姓名，或删去这一项
metrics-name-several = { $field } “{ $name }”写了不止一个人
metrics-name-several-help = 每人单独写一项，如 names: [李某, 王某]
metrics-name-too-long = { $field } “{ $name }”超过 20 个字
metrics-name-too-long-help = 只写人名
metrics-name-twice = { $field } “{ $name }”重复出现
metrics-name-twice-help = 每人只写一次
metrics-name-in-title = { $field } “{ $title }”中含有姓名“{ $name }”
metrics-name-in-title-help = 荣誉名称只写荣誉本身；简报会把姓名写在荣誉前面
metrics-names-exceed-count = { $field } 为 { $count }，但列出了 { $named } 个姓名
metrics-names-exceed-count-help = 人数是获得该荣誉的全部人数（不论是否列出姓名）；请核对这两项
metrics-not-whole = { $label } 为 { $value }；应为整数
metrics-not-whole-help = 人数和以元计的金额都是整数

## 数字和日期的写法

figure-expecting = 数字，如 1705；1150余万写成 {"{"}value: 11500000, qualifier: over{"}"}
figure-not-finite = 应为有限的数字
figure-too-many-digits = “{ $text }”的有效数字超过 { $most } 位，无法精确保存；请核对数字（没有哪项人数或金额有这么大、这么精确）
figure-kind-hex = 十六进制数
figure-kind-octal = 八进制数
figure-kind-binary = 二进制数
figure-kind-separators = 带 `_` 分隔符的数
figure-kind-exponent = 带指数的数
figure-kind-not-finite = 非有限数
figure-kind-not-plain = 不是普通写法的数
figure-not-decimal = “{ $text }”是{ $kind }；数字应以普通的十进制数字书写，如 1705 或 12.5
figure-fix-full-width = 其中有全角数字；请改为半角：{ $fixed }
figure-fix-percent = 百分比不带 % 号：{ $fixed }
figure-fix-separators = 数字中不要用千位分隔符：{ $fixed }
figure-fix-units-over = 不带单位，以元或人为单位写：{"{"}value: { $value }, qualifier: over{"}"}
figure-fix-units = 不带单位，以元或人为单位写：{ $value }
figure-fix-units-unread = 只写数字，不带单位，以元或人为单位
figure-fix-other = 只写阿拉伯数字，如 1705；1150余万元写成 {"{"}value: 11500000, qualifier: over{"}"}
figure-text-not-number = “{ $text }”是文字，不是数字：{ $fix }
date-not-a-date = “{ $text }”不是日期；请写成 YYYY-MM-DD，如 2023-12-31
date-no-month = “{ $text }”是不存在的日期：没有 { $month } 月
date-no-day = “{ $text }”是不存在的日期：{ $year } 年 { $month } 月只有 { $days } 天

## 措辞模板（config/wording.yaml）

wording-template-error = 模板 { $name } 有误（模板引擎的说明为“{ $detail }”）
wording-render-error = { $file }：模板 { $name } 有误（模板引擎的说明为“{ $detail }”）
wording-syntax-help = 改正模板语法（minijinja / Jinja2）
wording-unknown-variable = 模板 { $name }：不认识的变量“{ $variable }”
wording-unknown-variable-help = 使用 docs/wording.md 中列出的变量
wording-filter-help = 对照 docs/wording.md 检查过滤器的名称和参数
wording-not-a-number = 应为数字，这里是 { $kind }

## 字体中没有的字符，以及 PDF

glyph-origin-title = 措辞模板：标题
glyph-origin-heading = 措辞模板：章节标题
glyph-origin-table = 表格“{ $caption }”
glyph-origin-attachment-note = 附件说明
glyph-origin-attachment = 附件
glyph-origin-chart = 图“{ $caption }”
pdf-font = 字体 { $name } 无法准备嵌入
pdf-assembly = 生成 PDF 失败（{ $detail }）
pdf-font-kind = 以 /{ $kind } 形式嵌入，PDF/A-1 不允许这种形式；请改用 CID 键控的 OpenType/CFF 字体或 TrueType 字体
pdf-does-not-parse = 无法作为 PDF 解析（{ $error }）
pdf-no-pages = 其中没有页面
